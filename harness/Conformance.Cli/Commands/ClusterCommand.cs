using System.CommandLine;
using Conformance.Cluster;
using Conformance.Inputs;
using Conformance.Model;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance cluster up|down|status</c>: a kind cluster for the kubernetes target. Missing or failing kind, docker or
/// kubectl is one line and exit 3; bad options are one line and exit 2.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var cluster = new Command("cluster", "Provision the kind cluster the kubernetes target runs in.");
        cluster.Subcommands.Add(Up(output, error));
        cluster.Subcommands.Add(Down(output, error));
        cluster.Subcommands.Add(Status(output, error));
        return cluster;
    }

    private static Option<string> NameOption() =>
        new Option<string>("--name") { Description = "kind cluster name.", DefaultValueFactory = _ => ClusterSettings.DefaultName }.Takes("a cluster name");

    private static Option<string?> KubeconfigOption() =>
        new Option<string?>("--kubeconfig") { Description = "kubeconfig file kind writes (up), removes the context from (down) or kubectl reads (status); default: kind's and kubectl's own ($KUBECONFIG or ~/.kube/config)." }.Takes("the path of a kubeconfig file");

    private static Option<string?> TimeoutOption() =>
        new Option<string?>("--timeout") { Description = "Bound on each kind/docker/kubectl call (create: plus --wait), e.g. 10m; a call that outlives it is killed. Default 10m (queries 30s)." }.Takes("a duration such as 30s or 10m");

    private static Command Up(TextWriter output, TextWriter error)
    {
        var name = NameOption();
        var config = new Option<string>("--config") { Description = "kind cluster config.", DefaultValueFactory = _ => ClusterSettings.DefaultConfig }.Takes("the path of a kind config file");
        var wait = new Option<string>("--wait") { Description = "How long kind waits for the control plane to be ready (kind create cluster --wait).", DefaultValueFactory = _ => "120s" }.Takes("a duration such as 120s or 5m");
        var kubeconfig = KubeconfigOption();
        var images = new Option<string[]>("--load-image") { Description = "Local Docker image to load into the nodes (repeatable), e.g. conformance/reference:dev.", AllowMultipleArgumentsPerToken = false }.Takes("an image reference");
        var timeout = TimeoutOption();
        var command = new Command("up", "Create the cluster (or reuse it when it exists) and load images into it.") { name, config, wait, kubeconfig, images, timeout };
        command.SetAction((parse, ct) => Guard(error, async () =>
        {
            var settings = Settings(parse.GetValue(name)!, parse.GetValue(kubeconfig), parse.GetValue(timeout)) with
            {
                ConfigPath = parse.GetValue(config)!,
                Wait = Duration("--wait", parse.GetValue(wait)!),
                Images = [.. (parse.GetValue(images) ?? []).Select(i => string.IsNullOrWhiteSpace(i) ? throw ClusterException.BadUsage("--load-image needs an image reference") : i)],
            };
            var result = await new KindCluster(Tools(), output.WriteLine).UpAsync(settings, ct);
            output.WriteLine($"cluster '{settings.Name}' is up ({(result.Created ? "created" : "reused")}, {result.LoadedImages.Count} image(s) loaded, {result.Elapsed.TotalSeconds:0.0}s); context {settings.Context}");
            return ExitCodes.Conformant;
        }));
        return command;
    }

    private static Command Down(TextWriter output, TextWriter error)
    {
        var name = NameOption();
        var kubeconfig = KubeconfigOption();
        var timeout = TimeoutOption();
        var command = new Command("down", "Delete the cluster (nothing to do when it does not exist).") { name, kubeconfig, timeout };
        command.SetAction((parse, ct) => Guard(error, async () =>
        {
            var settings = Settings(parse.GetValue(name)!, parse.GetValue(kubeconfig), parse.GetValue(timeout));
            await new KindCluster(Tools(), output.WriteLine).DownAsync(settings, ct);
            return ExitCodes.Conformant;
        }));
        return command;
    }

    private static Command Status(TextWriter output, TextWriter error)
    {
        var name = NameOption();
        var kubeconfig = KubeconfigOption();
        var timeout = TimeoutOption();
        var command = new Command("status", "Say whether the cluster exists, how many nodes are ready, and its kubeconfig context. Exits 0 when it exists with every node ready, else 3.")
        {
            name, kubeconfig, timeout,
        };
        command.SetAction((parse, ct) => Guard(error, async () =>
        {
            var settings = Settings(parse.GetValue(name)!, parse.GetValue(kubeconfig), parse.GetValue(timeout));
            var status = await new KindCluster(Tools()).StatusAsync(settings, ct);
            output.WriteLine($"cluster '{status.Name}': {(status.Exists ? "exists" : "does not exist")}");
            if (status.Exists)
            {
                var ready = status.Nodes.Count(n => n.Ready);
                var detail = string.Join(", ", status.Nodes.Select(n => $"{n.Name} {(n.Ready ? "Ready" : "NotReady")}"));
                output.WriteLine($"nodes: {ready}/{status.Nodes.Count} ready{(detail.Length == 0 ? string.Empty : $" ({detail})")}");
                output.WriteLine($"kubeconfig context: {status.Context} (kubeconfig: {status.Kubeconfig ?? "kubectl's default"})");
            }

            return status.Ready ? ExitCodes.Conformant : ExitCodes.InfrastructureError;
        }));
        return command;
    }

    private static ToolRunner Tools() => new(ToolLocator.FromEnvironment());

    private static ClusterSettings Settings(string name, string? kubeconfig, string? timeout)
    {
        ClusterSettings.ValidateName(name);
        return new ClusterSettings
        {
            Name = name,
            KubeconfigPath = string.IsNullOrWhiteSpace(kubeconfig) ? null : Path.GetFullPath(kubeconfig),
            Timeouts = timeout is null ? ClusterTimeouts.Default : ClusterTimeouts.Uniform(Duration("--timeout", timeout)),
        };
    }

    private static TimeSpan Duration(string option, string text) =>
        Durations.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw ClusterException.BadUsage($"{option} '{text}': expected a duration such as 90s, 5m or 1m30s");

    private static async Task<int> Guard(TextWriter error, Func<Task<int>> action)
    {
        // Constant in a Native AOT build, which then leaves the Kubernetes client out of the binary altogether.
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            error.WriteLine("error: 'conformance cluster' is not available in this Native AOT build of conformance (the Kubernetes client generates code at run time): use the ReadyToRun install (docs/performance.md)");
            return ExitCodes.BadUsage;
        }

        try
        {
            return await action();
        }
        catch (ClusterException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
    }
}
