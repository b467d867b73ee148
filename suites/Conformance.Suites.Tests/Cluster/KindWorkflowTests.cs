using System.Text.RegularExpressions;
using Conformance.Cli;
using Conformance.Suites.Tests.Kubernetes;
using Conformance.Suites.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Conformance.Suites.Tests.Cluster;

/// <summary>
/// .github/workflows/kind.yml cannot run here (no Docker, no kind): its structure is checked instead — the steps in
/// order, the files its commands name exist in the repository, and every conformance command line it runs parses with
/// the real CLI (each option appears in that verb's --help).
/// </summary>
public sealed partial class KindWorkflowTests
{
    /// <summary>
    /// Files the workflow names that other branches add: the image build script (branch container) and the
    /// Knative-shaped kubernetes profile (branch k8s). Accepted while missing; checked like the rest once present.
    /// </summary>
    private static readonly string[] Pending = ["fixtures/images/build.sh", "fixtures/profiles/knative-kubernetes.yaml"];

    private static readonly string WorkflowPath = Path.Combine(RepoPaths.Root, ".github", "workflows", "kind.yml");

    private static IReadOnlyList<YamlNode> Steps()
    {
        var workflow = Yaml.LoadDocuments(File.ReadAllText(WorkflowPath)).Single();
        Assert.Equal("kind", workflow.Text("name"));
        return workflow.Items("jobs", "kind", "steps");
    }

    private static string Run(YamlNode step) => step.Text("run") ?? string.Empty;

    private static int IndexOf(IReadOnlyList<YamlNode> steps, Func<YamlNode, bool> predicate, string what)
    {
        var index = steps.ToList().FindIndex(s => predicate(s));
        Assert.True(index >= 0, $"no step {what}");
        return index;
    }

    [Fact]
    public void Steps_come_in_order_and_the_cluster_is_always_deleted()
    {
        var steps = Steps();

        var checkout = IndexOf(steps, s => s.Text("uses")?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true, "checking out");
        var dotnet = IndexOf(steps, s => s.Text("uses")?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true, "setting up .NET");
        var kind = IndexOf(steps, s => Run(s).Contains("kind.sigs.k8s.io/dl/", StringComparison.Ordinal), "installing kind");
        var image = IndexOf(steps, s => Run(s).Contains("bash fixtures/images/build.sh reference", StringComparison.Ordinal), "building the reference image");
        var up = IndexOf(steps, s => Run(s).Contains("cluster up --load-image conformance/reference:dev", StringComparison.Ordinal), "creating the cluster");
        var run = IndexOf(steps, s => Run(s).Contains("run --profile fixtures/profiles/knative-kubernetes.yaml", StringComparison.Ordinal), "running the knative profile");
        var upload = IndexOf(steps, s => s.Text("uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true, "uploading the report");
        var down = IndexOf(steps, s => Run(s).Contains("cluster down", StringComparison.Ordinal), "deleting the cluster");

        Assert.Equal([checkout, dotnet, kind, image, up, run, upload, down], new[] { checkout, dotnet, kind, image, up, run, upload, down }.Order());
        Assert.Equal(steps.Count - 1, down);
        Assert.Equal("always()", steps[down].Text("if"));
        Assert.Equal("always()", steps[upload].Text("if"));
        Assert.StartsWith("10.", steps[dotnet].Text("with", "dotnet-version"), StringComparison.Ordinal);
        var uploaded = steps[upload].Text("with", "path")!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("reports/runs/latest/report.html", uploaded);
        Assert.Contains("reports/runs/latest/junit.xml", uploaded);
    }

    [Fact]
    public void Every_repository_file_the_workflow_names_exists_or_is_pending_on_a_named_branch()
    {
        var named = Steps().SelectMany(s => new[] { Run(s), s.Text("with", "global-json-file") ?? string.Empty })
            .SelectMany(text => RepoPathPattern().Matches(text).Select(m => m.Value))
            .Distinct(StringComparer.Ordinal)
            .Where(p => !p.StartsWith("reports/runs", StringComparison.Ordinal)) // the run's output (git-ignored), not a source file
            .ToList();

        Assert.Contains("fixtures/images/build.sh", named);
        Assert.Contains("fixtures/profiles/knative-kubernetes.yaml", named);
        Assert.Contains("harness/Conformance.Cli", named);
        var missing = named.Where(p => !File.Exists(Path.Combine(RepoPaths.Root, p)) && !Directory.Exists(Path.Combine(RepoPaths.Root, p))).ToList();
        Assert.True(missing.All(Pending.Contains), $"missing and not pending: {string.Join(", ", missing.Except(Pending))}");
    }

    [Fact]
    public async Task Every_conformance_command_line_uses_verbs_and_options_the_cli_has()
    {
        var commands = Steps().Select(Run).Where(r => r.Contains("--project harness/Conformance.Cli", StringComparison.Ordinal) && r.Contains(" -- ", StringComparison.Ordinal))
            .Select(r => r[(r.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        Assert.Equal(5, commands.Count);

        foreach (var words in commands)
        {
            var verb = words.TakeWhile(w => !w.StartsWith('-')).ToArray();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await ConformanceApp.RunAsync([.. verb, "--help"], output, error, TestContext.Current.CancellationToken);

            Assert.True(code == 0, $"conformance {string.Join(' ', verb)} --help: {error}");
            Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
            foreach (var option in words.Where(w => w.StartsWith("--", StringComparison.Ordinal)))
            {
                Assert.True(output.ToString().Contains(option, StringComparison.Ordinal), $"conformance {string.Join(' ', verb)} has no option {option}");
            }
        }
    }

    [Fact]
    public void Every_shipped_kubernetes_profile_runs_in_the_workflow()
    {
        // The loop names its profiles through ${shape}: each shape must be a shipped profile, and each shipped
        // kubernetes profile must be run (knative's by its own step, the others by the loop).
        var loop = Steps().Select(Run).Single(r => r.Contains("for shape in ", StringComparison.Ordinal));
        var shapes = ShapeLoopPattern().Match(loop).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("fixtures/profiles/${shape}-kubernetes.yaml", loop, StringComparison.Ordinal);
        Assert.All(shapes, s => Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "fixtures", "profiles", $"{s}-kubernetes.yaml")), s));

        var shipped = Directory.GetFiles(Path.Combine(RepoPaths.Root, "fixtures", "profiles"), "*-kubernetes.yaml")
            .Select(f => Path.GetFileName(f)[..^"-kubernetes.yaml".Length])
            .Order(StringComparer.Ordinal);
        Assert.Equal(shipped, shapes.Append("knative").Order(StringComparer.Ordinal));
        Assert.Contains("flux", shapes);
    }

    [GeneratedRegex(@"for shape in ([a-z ]+); do")]
    private static partial Regex ShapeLoopPattern();

    /// <summary>Repository-relative paths a step names: under the repo's top folders, or global.json.</summary>
    [GeneratedRegex(@"(?<![\w/.-])(?:(?:fixtures|harness|suites|reports|kind-config)/[\w./-]*[\w]|global\.json)")]
    private static partial Regex RepoPathPattern();
}
