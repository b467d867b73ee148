using Conformance.Cli;
using Conformance.Suites.Tests.Kubernetes;
using Conformance.Suites.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Conformance.Suites.Tests.Qualification;

/// <summary>
/// .github/workflows/qualification.yml cannot run here (no Actions runner, no Docker): its structure is checked instead —
/// every seed profile is a shard and every shard's profile exists, the merge job waits for the shards and merges what
/// they upload, and every conformance command line it runs parses with the real CLI (each option appears in that
/// verb's --help), as KindWorkflowTests does for kind.yml.
/// </summary>
public sealed class QualificationWorkflowTests
{
    private static readonly string WorkflowPath = Path.Combine(RepoPaths.Root, ".github", "workflows", "qualification.yml");

    private static YamlMappingNode Workflow()
    {
        var workflow = Yaml.LoadDocuments(File.ReadAllText(WorkflowPath)).Single();
        Assert.Equal("qualification", workflow.Text("name"));
        return workflow;
    }

    private static string Run(YamlNode step) => step.Text("run") ?? string.Empty;

    [Fact]
    public void Every_seed_shape_as_process_and_container_profile_and_the_default_profile_is_a_shard_and_every_shard_profile_exists()
    {
        var shards = Workflow().Items("jobs", "shard", "strategy", "matrix", "include");
        var profiles = shards.Select(s => s.Text("profile")!).ToList();

        Assert.All(profiles, p => Assert.True(File.Exists(Path.Combine(RepoPaths.Root, p)), p));
        Assert.Equal(profiles.Count, shards.Select(s => s.Text("name")).Distinct().Count());
        // The seed shapes and nginx, each as a process profile and, where one ships, as a container profile (kind.yml
        // runs the -kubernetes variants on a cluster; nginx's feature variants are nginx.yaml's overlays).
        string[] shapes = ["reference", "feldera", "direktiv", "flux", "knative", "nginx"];
        var seeds = shapes.SelectMany(s => new[] { $"fixtures/profiles/{s}.yaml", $"fixtures/profiles/{s}-container.yaml" })
            .Where(p => File.Exists(Path.Combine(RepoPaths.Root, p)))
            .ToList();
        Assert.Contains("fixtures/profiles/nginx-container.yaml", seeds);
        Assert.All(seeds, s => Assert.Contains(s, profiles));

        // The default profile (the reference claiming everything the catalog judges) is the one shard whose row shows
        // every scenario with a verdict.
        Assert.Contains($"fixtures/profiles/{Path.GetFileName(Conformance.Cli.Console.FixturePaths.DefaultProfile)}", profiles);
        Assert.All(shards.Where(s => s.Text("profile")!.EndsWith("-container.yaml", StringComparison.Ordinal)), s => Assert.False(string.IsNullOrEmpty(s.Text("image")), s.Text("name")));
    }

    [Fact]
    public void The_merge_job_waits_for_every_shard_merges_their_results_and_writes_the_summary()
    {
        var workflow = Workflow();
        Assert.Equal("shard", workflow.Text("jobs", "merge", "needs"));
        Assert.Equal("always()", workflow.Text("jobs", "merge", "if"));
        var shardSteps = workflow.Items("jobs", "shard", "steps");
        var upload = shardSteps.Single(s => s.Text("uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("always()", upload.Text("if"));
        Assert.StartsWith("results-", upload.Text("with", "name"), StringComparison.Ordinal);

        var steps = workflow.Items("jobs", "merge", "steps");
        var download = steps.Single(s => s.Text("uses")?.StartsWith("actions/download-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("results-*", download.Text("with", "pattern"));
        var merge = Run(steps.Single(s => Run(s).Contains("report merge", StringComparison.Ordinal)));
        Assert.Contains($"{download.Text("with", "path")}/*/results.json", merge, StringComparison.Ordinal);
        Assert.Contains(steps.Select(Run), r => r.Contains("qualification/matrix.md >> \"$GITHUB_STEP_SUMMARY\"", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Text("uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true && s.Text("with", "path")!.Contains("qualification", StringComparison.Ordinal) && s.Text("if") == "always()");
    }

    [Fact]
    public async Task Every_conformance_command_line_uses_verbs_and_options_the_cli_has()
    {
        var workflow = Workflow();
        var commands = new[] { "shard", "merge" }.SelectMany(job => workflow.Items("jobs", job, "steps")).Select(Run)
            .Where(r => r.Contains("--project harness/Conformance.Cli", StringComparison.Ordinal) && r.Contains(" -- ", StringComparison.Ordinal))
            .Select(r => r[(r.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        Assert.Equal(2, commands.Count);

        foreach (var words in commands)
        {
            var verb = words.TakeWhile(w => !w.StartsWith('-') && !w.Contains('/', StringComparison.Ordinal) && !w.Contains('$', StringComparison.Ordinal)).ToArray();
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
}
