using System.Text;
using System.Text.RegularExpressions;
using Conformance.Inputs;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Targets.Containers;

/// <summary>
/// Turns a profile's <c>container</c> target into a <see cref="ContainerTarget"/> and its actions. Strings the
/// container reads (args, env, entrypoint, rendered files, the reload command) are resolved as seen from inside:
/// <c>{run:dir}</c>, <c>{file:NAME}</c> and <c>{pki:*}</c> name the copies inside the container (the run folder under
/// <c>paths.run</c>, the certificate pair under <c>paths.tls</c>, the CA bundle under <c>paths.bundle</c>), and
/// <c>{port:NAME}</c> the port the container listens on. Everything the harness itself uses (endpoints, trust)
/// keeps the host's view: host paths and the published host ports.
/// </summary>
public static partial class ContainerTargetFactory
{
    /// <summary>
    /// A second container of the same image with some placeholders overridden (SV-01/SV-02: a bad secret must stop
    /// the start), on fresh ports: started, judged ready, exited or not ready within <paramref name="within"/>, removed.
    /// </summary>
    public static async Task<StartAttempt> TryStartVariantAsync(VariantContext env, IReadOnlyDictionary<string, string> overrides, TimeSpan within, TimeProvider time, CancellationToken cancellationToken)
    {
        var resolver = new PlaceholderResolver();
        resolver.SetAll(env.Resolver.Values);
        resolver.SetAll(overrides);
        var profile = env.Profile;
        var readyText = profile.Target.Ready?.Tcp ?? profile.Endpoints.FirstOrDefault(e => e.IsTls)?.Port;
        int? readyPort = readyText is null ? null : int.TryParse(resolver.Resolve(readyText), out var p) ? p : null;
        var resolved = new ResolvedTargetSpec(null, [], new Dictionary<string, string>(), env.Workspace.Path, profile.Target.Host, readyPort, within, profile.Target.StopTimeout);
        await using var target = Create(profile, resolver, env.Pki, env.Workspace, resolved, time, out _, withUpstream: false);
        var command = string.Join(' ', new[] { target.Settings.Image }.Concat(target.Settings.Command));
        var started = time.GetTimestamp();
        var outcome = await target.TryStartAsync(cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        return new StartAttempt(outcome == StartOutcome.Ready, outcome == StartOutcome.Exited, outcome == StartOutcome.Exited ? (int?)target.ExitCode : null, target.Logs, elapsed, command);
    }

    /// <summary>
    /// The container target for <paramref name="profile"/> and its actions; with <paramref name="withUpstream"/> (not for
    /// a variant) and a trust-bundle claim, the target also runs the trust-bundle upstream on a network of its own.
    /// </summary>
    public static ContainerTarget Create(Profile profile, PlaceholderResolver resolver, RunPki? pki, RunWorkspace workspace, ResolvedTargetSpec resolved, TimeProvider time, out ITargetActions actions, bool withUpstream = true)
    {
        var spec = profile.Target;
        var where = profile.SourcePath ?? profile.Name;
        var container = spec.Container ?? throw new ProfileException(ProfileLocator.Where(profile, "target.container"), "a container target needs a container section (ports at least)");
        var image = spec.Image ?? throw new ProfileException(ProfileLocator.Where(profile, "target.image"), "a container target needs an image");

        var ports = container.Ports.Select(p => { var host = resolver.Port(p.Name); return new PublishedPort(p.Name, host, p.ContainerPort ?? host); }).ToList();
        var runDir = container.RunDirectory;
        var tlsDir = container.TlsDirectory ?? $"{runDir}/pki/live";
        var bundleDir = container.BundleDirectory ?? $"{runDir}/pki/bundle";
        var hostTrustBundles = resolver.Values.TryGetValue("run:bundles", out var tb) ? tb : null;
        var trustBundlesDir = container.TrustBundleDirectory ?? $"{runDir}/bundles";

        string Inside(string hostPath)
        {
            if (hostTrustBundles is not null && Under(hostPath, hostTrustBundles) is { } trustBundles)
            {
                return trustBundlesDir + trustBundles;
            }

            if (pki is not null && Under(hostPath, pki.LiveDirectory) is { } live)
            {
                return tlsDir + live;
            }

            if (pki is not null && Under(hostPath, pki.BundleDirectory) is { } bundle)
            {
                return bundleDir + bundle;
            }

            return Under(hostPath, workspace.Path) is { } rest ? runDir + rest : hostPath;
        }

        var inner = new PlaceholderResolver();
        foreach (var (name, value) in resolver.Values)
        {
            inner.Set(name, Path.IsPathRooted(value) ? Inside(value) : value);
        }

        foreach (var name in spec.Files.Keys)
        {
            inner.Set($"file:{name}", $"{runDir}/{name}");
        }

        var byName = ports.ToDictionary(p => p.Name, StringComparer.Ordinal);
        string Resolve(string text, string field)
        {
            // {port:NAME} inside the container is the port it listens on; unpublished names keep the run's allocation.
            var ported = PortPattern().Replace(text, m => (byName.TryGetValue(m.Groups[1].Value, out var p) ? p.ContainerPort : resolver.Port(m.Groups[1].Value))
                .ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                return inner.Resolve(ported);
            }
            catch (PlaceholderException e)
            {
                throw new ProfileException(ProfileLocator.Where(profile, $"{field}"), e.Message);
            }
        }

        // The run folder as the container sees it: the PKI (certificate pair and bundle at their own paths, links
        // kept) and the files rendered for the inside; host-rendered copies of those files stay out.
        var skip = new HashSet<string>(spec.Files.Keys, StringComparer.Ordinal);
        var files = ContainerArchive.FromFolder(workspace.Path, runDir, rel => skip.Contains(rel) || rel == "bundles" || (pki is not null && (IsOrUnder(rel, "pki/live") || IsOrUnder(rel, "pki/bundle"))));

        // The trust-bundle folder starts empty; the harness writes manifests into it while the container runs.
        files.Add(ArchiveEntry.Folder(trustBundlesDir));
        if (pki is not null)
        {
            files.AddRange(ContainerArchive.FromFolder(pki.LiveDirectory, tlsDir));
            files.AddRange(ContainerArchive.FromFolder(pki.BundleDirectory, bundleDir));
        }

        foreach (var (name, template) in spec.Files)
        {
            string text;
            try
            {
                text = Inputs.InputFile.ReadText(template, Inputs.InputFile.ProfileBound, "a template");
            }
            catch (Inputs.InputFileException e)
            {
                throw new ProfileException(ProfileLocator.Where(profile, $"target.files.{name}"), $"cannot use the template {e.Message}");
            }

            files.Add(ArchiveEntry.File($"{runDir}/{name}", Encoding.UTF8.GetBytes(Resolve(text, $"target.files.{name}"))));
        }

        PublishedPort? ready = null;
        if (resolved.ReadyPort is { } readyPort)
        {
            ready = ports.FirstOrDefault(p => p.HostPort == readyPort) ?? ports.FirstOrDefault(p => p.ContainerPort == readyPort)
                ?? throw new ProfileException(ProfileLocator.Where(profile, "target.ready.tcp"), $"port {readyPort} is not published: name it in target.container.ports");
        }

        var settings = new ContainerTargetSettings
        {
            Image = image,
            ImageField = $"{where}: target.image",
            Name = "conformance-" + NamePattern().Replace(profile.Name.ToLowerInvariant(), "-"),
            Entrypoint = container.Entrypoint?.Select((a, i) => Resolve(a, $"target.container.entrypoint[{i}]")).ToList(),
            Command = [.. spec.Args.Select((a, i) => Resolve(a, $"target.args[{i}]"))],
            Environment = spec.Environment.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value, $"target.env.{kv.Key}")),
            Ports = ports,
            Files = files,
            ReadyPort = ready,
            AlsoListening = [.. ports.Where(p => profile.Endpoints.Any(e =>
                e.Port == $"{{port:{p.Name}}}" && e.Plaintext is PlaintextMode.Refused or PlaintextMode.Redirect))],
            ReadyWithin = resolved.ReadyWithin,
            StopTimeout = spec.StopTimeout,
        };
        var upstreamImage = withUpstream && profile.Claims.TrustBundle is not null ? container.UpstreamImage ?? ContainerUpstream.DefaultImage : null;
        var target = new ContainerTarget(settings, time, upstreamImage);

        var texts = spec.Args.Concat(spec.Environment.Values).Concat(container.Entrypoint ?? []);
        var usesSecret = texts.Any(t => t.Contains("{pki:secret}", StringComparison.Ordinal))
            || spec.Files.Values.Any(f => ReadsSecret(f));
        var reload = spec.Reload switch
        {
            { Signal: { } signal } r => new ContainerTargetActions.Reload(signal, null, r.Within),
            { Command: { } command } r => new ContainerTargetActions.Reload(null, [.. command.Select((a, i) => Resolve(a, $"target.reload.command[{i}]"))], r.Within),
            _ => null,
        };
        var secret = pki is not null && usesSecret && pki.Placeholders.TryGetValue("pki:secret", out var s) ? (s, Inside(s)) : ((string Host, string Inside)?)null;
        actions = new ContainerTargetActions(target, pki, tlsDir, bundleDir, secret, reload, time) { TrustBundleDirectory = trustBundlesDir };
        return target;
    }

    // Templates were read (bounded) above; one that could not be read stopped the run there.
    private static bool ReadsSecret(string template) =>
        Inputs.InputFile.ReadText(template, Inputs.InputFile.ProfileBound, "a template").Contains("{pki:secret}", StringComparison.Ordinal);

    private static bool IsOrUnder(string rel, string folder) =>
        rel == folder || rel.StartsWith(folder + "/", StringComparison.Ordinal);

    // The rest of hostPath after root ("" or "/…"), or null when it is not under root.
    private static string? Under(string hostPath, string root)
    {
        if (hostPath == root)
        {
            return string.Empty;
        }

        var prefix = root.EndsWith('/') ? root : root + "/";
        return hostPath.StartsWith(prefix, StringComparison.Ordinal) ? "/" + hostPath[prefix.Length..].Replace('\\', '/') : null;
    }

    [GeneratedRegex(@"\{port:([A-Za-z0-9_.\-]+)\}")]
    private static partial Regex PortPattern();

    [GeneratedRegex("[^a-z0-9_.-]+")]
    private static partial Regex NamePattern();
}
