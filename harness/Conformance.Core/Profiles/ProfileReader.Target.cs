using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary><c>target</c>: the kind, how the harness starts and reaches the implementation, its readiness and reload.</summary>
internal sealed partial class ProfileReader
{
    private TargetSpec? ReadTarget(YamlNode keyNode, YamlNode node)
    {
        const string Field = "target";
        if (!IsMapping(node, Field, out var map))
        {
            return null;
        }

        var keys = Keys(map, Field, keyNode);
        TargetKind? kind = null;
        if (keys.TryGetValue("kind", out var k) && Choice(k.Value, "target.kind") is { } kindName)
        {
            kind = TargetKinds.First(t => t.Text == kindName).Value;
        }

        var command = Text(keys, "command", Field);
        var args = keys.TryGetValue("args", out var a) ? TextList(a.Value, "target.args", allowScalar: false) : [];
        var env = keys.TryGetValue("env", out var e) ? TextMap(e.Value, "target.env") : [];
        var files = keys.TryGetValue("files", out var f) ? TextMap(f.Value, "target.files") : [];
        foreach (var name in files.Keys.ToList())
        {
            files[name] = RelativeToProfile(((YamlMappingNode)f.Value).Children[new YamlScalarNode(name)], files[name]);
        }

        var host = Text(keys, "host", Field) ?? "127.0.0.1";
        ReadySpec? ready = null;
        if (keys.TryGetValue("ready", out var r))
        {
            ready = ReadReady(r.Key, r.Value);
        }

        ReloadSpec? reload = null;
        if (keys.TryGetValue("reload", out var rl))
        {
            reload = ReadReloadSpec(rl.Key, rl.Value, kind);
        }

        var stopTimeout = keys.TryGetValue("stopTimeout", out var s) ? Duration(s.Value, "target.stopTimeout") : null;
        if (kind is null)
        {
            return null;
        }

        return new TargetSpec
        {
            Kind = kind.Value,
            Command = command,
            Args = args,
            Environment = env,
            Files = files,
            Host = host,
            Image = Text(keys, "image", Field),
            Container = ReadContainerSection(keys, kind.Value),
            Kubernetes = keys.TryGetValue("kubernetes", out var kube) ? ReadKubernetes(kube.Key, kube.Value, kind) : null,
            Ready = ready,
            Reload = reload,
            StopTimeout = stopTimeout ?? TimeSpan.FromSeconds(5),
        };
    }

    private ReloadSpec? ReadReloadSpec(YamlNode keyNode, YamlNode node, TargetKind? kind)
    {
        const string Field = "target.reload";
        if (!IsMapping(node, Field, out var map))
        {
            return null;
        }

        var keys = Keys(map, Field, keyNode);
        string? signal = null;
        List<string>? command = null;
        var hasSignal = keys.TryGetValue("signal", out var s);
        var hasCommand = keys.TryGetValue("command", out var c);
        if (hasSignal && Required(s.Value, "target.reload.signal", "a signal name such as HUP") is { } text)
        {
            var name = text.StartsWith("SIG", StringComparison.Ordinal) ? text[3..] : text;
            if (ReloadSpec.Signals.ContainsKey(name))
            {
                signal = name;
            }
            else
            {
                Error(s.Value, "target.reload.signal", NotOneOf(text, ReloadSpec.Signals.Keys));
            }
        }

        if (hasCommand)
        {
            command = TextList(c.Value, "target.reload.command", allowScalar: false);
            if (command.Count == 0 && c.Value is YamlSequenceNode)
            {
                Error(c.Value, "target.reload.command", "is empty (expected the command and its arguments, e.g. [/usr/sbin/nginx, -s, reload])");
                command = null;
            }
        }

        var within = TimeSpan.FromSeconds(30);
        if (keys.TryGetValue("within", out var w) && Duration(w.Value, "target.reload.within") is { } d)
        {
            if (d <= TimeSpan.Zero)
            {
                Error(w.Value, "target.reload.within", "must be longer than zero");
            }

            within = d;
        }

        if (hasSignal && hasCommand)
        {
            Error(c.Key, "target.reload", "give either signal or command, not both");
            return null;
        }

        if (!hasSignal && !hasCommand)
        {
            Missing(keyNode, "target.reload.signal", "signal: HUP, or command: [/usr/sbin/nginx, -s, reload]");
            return null;
        }

        if (kind is { } k && !KindRules(k).Capabilities.HasFlag(TargetCapability.Reload))
        {
            Error(keyNode, "target.reload", $"the implementation behind a {KindRules(k).Name} target cannot be signalled or reloaded by the harness (the driver lacks the target capability reload): remove it, or use kind: process");
            return null;
        }

        return signal is null && command is null ? null : new ReloadSpec { Signal = signal, Command = command, Within = within };
    }

    private ReadySpec? ReadReady(YamlNode keyNode, YamlNode node)
    {
        const string Field = "target.ready";
        if (!IsMapping(node, Field, out var map))
        {
            return null;
        }

        var keys = Keys(map, Field, keyNode);
        string? tcp = null;
        if (keys.TryGetValue("tcp", out var t))
        {
            tcp = Port(t.Value, "target.ready.tcp");
        }

        var within = TimeSpan.FromSeconds(15);
        if (keys.TryGetValue("within", out var w) && Duration(w.Value, "target.ready.within") is { } d)
        {
            if (d <= TimeSpan.Zero)
            {
                Error(w.Value, "target.ready.within", "must be longer than zero");
            }

            within = d;
        }

        return tcp is null ? null : new ReadySpec(tcp, within);
    }

    /// <summary>The kind's own requirements, as its driver states them (<see cref="ITargetKindRules.Check"/>).</summary>
    private void CheckTarget(TargetSpec target, YamlNode at)
    {
        switch (KindRules(target.Kind).Check(target, _nodes.ContainsKey))
        {
            case { Example: { } example } missing:
                Missing(at, missing.Field, example);
                break;
            case { } problem:
                Error(_nodes[problem.Field], problem.Field, problem.Message);
                break;
            default:
                break;
        }
    }
}
