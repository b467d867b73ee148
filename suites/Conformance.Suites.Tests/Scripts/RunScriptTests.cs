using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Scripts;

/// <summary>
/// run.ps1 without pwsh: PowerShell's own parser (System.Management.Automation, in-process on Linux) finds no syntax
/// error, the AST maps every verb to the CLI command of the same name (and every CLI verb and sub-verb has one), and
/// PowerShell's engine runs the script with <c>dotnet</c>, <c>Set-Location</c> and <c>Write-Error</c> shadowed by
/// recording functions (a function wins over a command in PowerShell), so the words that would reach dotnet are
/// checked exactly as PowerShell tokenizes a user's command line. The SMA package alone has the engine and the core
/// cmdlets but not the Management/Utility modules (and InitialSessionState.CreateDefault needs
/// Microsoft.PowerShell.ConsoleHost, which is not served), hence CreateDefault2 plus the shadows.
/// </summary>
public sealed class RunScriptTests
{
    private const string Cli = "run\t--project\tharness/Conformance.Cli\t--";
    private static readonly string ScriptPath = Path.Combine(RepoPaths.Root, "run.ps1");

    private static ScriptBlockAst Parse()
    {
        var ast = Parser.ParseFile(ScriptPath, out _, out var errors);
        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
        return ast;
    }

    private static IEnumerable<string> Strings(Ast ast) =>
        ast.FindAll(a => a is StringConstantExpressionAst, searchNestedScriptBlocks: true).Cast<StringConstantExpressionAst>().Select(s => s.Value);

    private static T Assigned<T>(ScriptBlockAst script, string variable)
        where T : Ast =>
        script.FindAll(a => a is AssignmentStatementAst { Left: VariableExpressionAst v } && v.VariablePath.UserPath == variable, true)
            .Cast<AssignmentStatementAst>().Select(s => s.Right.Find(a => a is T, true)).OfType<T>().Single();

    /// <summary>Each switch clause of run.ps1: the verb and the words it gives dotnet ("@cli" for the CLI prefix, "@Rest" for the pass-through).</summary>
    private static Dictionary<string, IReadOnlyList<string>> Clauses(ScriptBlockAst script)
    {
        var switchAst = (SwitchStatementAst)script.Find(a => a is SwitchStatementAst, true)!;
        Assert.Equal("$Verb", switchAst.Condition.Extent.Text);
        return switchAst.Clauses.ToDictionary(
            c => ((StringConstantExpressionAst)c.Item1).Value,
            c =>
            {
                var command = (CommandAst)c.Item2.Find(a => a is CommandAst, true)!;
                return (IReadOnlyList<string>)[.. command.CommandElements.Select(e => e switch
                {
                    VariableExpressionAst { Splatted: true } v => "@" + v.VariablePath.UserPath,
                    StringConstantExpressionAst s => s.Value,
                    _ => "?" + e.Extent.Text,
                })];
            },
            StringComparer.Ordinal);
    }

    [Fact]
    public void Parses_without_errors_and_declares_no_param_block()
    {
        var script = Parse();

        // An advanced script's common parameters would swallow or refuse the CLI's own options (see the engine test below).
        Assert.Null(script.ParamBlock);
        Assert.Equal(["run", "--project", "harness/Conformance.Cli", "--"], Strings(Assigned<ArrayExpressionAst>(script, "cli")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "harness", "Conformance.Cli", "Conformance.Cli.csproj")));
    }

    [Fact]
    public async Task Every_verb_maps_to_the_cli_command_of_the_same_name_and_every_cli_verb_has_one()
    {
        var clauses = Clauses(Parse());
        var tree = await CliCommandTree.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Contains("cluster", tree.Keys);
        Assert.Equal(["dotnet", "test", "@Rest"], clauses["test"]);
        Assert.Equal(["dotnet", "@cli", "profiles", "validate", "@Rest"], clauses["validate"]);
        foreach (var (verb, words) in clauses.Where(c => c.Key is not ("test" or "validate")))
        {
            Assert.Equal(["dotnet", "@cli", verb, "@Rest"], words);
            Assert.True(tree.ContainsKey(verb), $"run.ps1 verb '{verb}' is not a conformance verb ({string.Join(", ", tree.Keys)})");
        }

        foreach (var verb in tree.Keys)
        {
            Assert.True(clauses.ContainsKey(verb), $"conformance verb '{verb}' has no run.ps1 verb");
        }

        Assert.Contains("validate", tree["profiles"]);
    }

    [Fact]
    public async Task The_sub_verb_table_is_the_clis()
    {
        var table = Assigned<HashtableAst>(Parse(), "subcommands");
        var declared = table.KeyValuePairs.ToDictionary(
            p => ((StringConstantExpressionAst)p.Item1).Value,
            p => Strings(p.Item2).Order(StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);
        var tree = await CliCommandTree.ReadAsync(TestContext.Current.CancellationToken);

        var withSubVerbs = tree.Where(t => t.Value.Count > 0).ToDictionary(t => t.Key, t => t.Value.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        Assert.Equal(withSubVerbs.Keys.Order(StringComparer.Ordinal), declared.Keys.Order(StringComparer.Ordinal));
        foreach (var (verb, subs) in withSubVerbs)
        {
            Assert.Equal(subs, declared[verb]);
        }

        Assert.Equal(["down", "status", "up"], declared["cluster"]);
        Assert.Equal(["diff", "merge", "render"], declared["report"]);
    }

    [Theory]
    [InlineData("", Cli + "\trun")]
    [InlineData("run -p fixtures/profiles/flux.yaml --seed 7 --suite rotation", Cli + "\trun\t-p\tfixtures/profiles/flux.yaml\t--seed\t7\t--suite\trotation")]
    [InlineData("test --report-trx", "test\t--report-trx")]
    [InlineData("scenarios", Cli + "\tscenarios")]
    [InlineData("profiles validate fixtures/profiles/flux.yaml", Cli + "\tprofiles\tvalidate\tfixtures/profiles/flux.yaml")]
    [InlineData("validate fixtures/profiles/flux.yaml", Cli + "\tprofiles\tvalidate\tfixtures/profiles/flux.yaml")]
    [InlineData("pki create --out 'a dir'", Cli + "\tpki\tcreate\t--out\ta dir")]
    [InlineData("bench --help", Cli + "\tbench\t--help")]
    [InlineData("report render r.json --out d --force", Cli + "\treport\trender\tr.json\t--out\td\t--force")]
    [InlineData("report diff a.json b.json --format markdown", Cli + "\treport\tdiff\ta.json\tb.json\t--format\tmarkdown")]
    [InlineData("cluster up --load-image conformance/reference:dev --wait 2m", Cli + "\tcluster\tup\t--load-image\tconformance/reference:dev\t--wait\t2m")]
    [InlineData("cluster down --name ci-7", Cli + "\tcluster\tdown\t--name\tci-7")]
    [InlineData("cluster status", Cli + "\tcluster\tstatus")]
    [InlineData("cluster --help", Cli + "\tcluster\t--help")]
    public void PowerShell_passes_every_word_through_to_dotnet(string commandLine, string expected)
    {
        var run = RunScript(commandLine, dotnetExit: 0);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([expected], run.Calls);
        Assert.Empty(run.Errors);
        Assert.Equal(RepoPaths.Root, run.Location);
    }

    [Fact]
    public void The_cli_exit_code_is_the_scripts()
    {
        var run = RunScript("cluster status", dotnetExit: 3);

        Assert.Equal(3, run.ExitCode);
        Assert.Single(run.Calls);
    }

    [Theory]
    [InlineData("cluster", "usage: ./run.ps1 cluster <up|down|status> [options]")]
    [InlineData("cluster start", "usage: ./run.ps1 cluster <up|down|status> [options]")]
    [InlineData("report", "usage: ./run.ps1 report <render|diff|merge> [options]")]
    [InlineData("frobnicate --x", "unknown verb 'frobnicate' (run, test, scenarios, profiles, validate, pki, bench, report, cluster)")]
    public void Unknown_verbs_and_sub_verbs_exit_2_without_running_dotnet(string commandLine, string error)
    {
        var run = RunScript(commandLine, dotnetExit: 0);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Calls);
        Assert.Equal([error], run.Errors);
    }

    private static ScriptRun RunScript(string commandLine, int dotnetExit)
    {
        using var shell = PowerShell.Create(InitialSessionState.CreateDefault2());
        shell.AddScript($$"""
            $global:CalledDotnet = @()
            $global:Errors = @()
            $global:Location = $null
            $global:DotnetExit = {{dotnetExit}}
            function global:dotnet { $global:CalledDotnet += ,($args -join "`t"); $global:LASTEXITCODE = $global:DotnetExit }
            function global:Set-Location { param([string] $Path) $global:Location = $Path }
            function global:Write-Error { $global:Errors += ,[string] $args[0] }
            """).Invoke();
        Assert.False(shell.HadErrors, string.Join(Environment.NewLine, shell.Streams.Error));

        shell.Commands.Clear();
        shell.AddScript($"& '{ScriptPath}' {commandLine}").Invoke();

        // HadErrors is also set by a non-zero exit; the error stream holds only what went wrong in the script itself.
        Assert.True(shell.Streams.Error.Count == 0, string.Join(Environment.NewLine, shell.Streams.Error));

        string[] Read(string variable)
        {
            shell.Commands.Clear();
            return [.. shell.AddScript($"$global:{variable}").Invoke().Select(o => o?.BaseObject?.ToString() ?? string.Empty)];
        }

        var exit = Read("LASTEXITCODE");
        return new ScriptRun(int.Parse(exit.Single(), System.Globalization.CultureInfo.InvariantCulture), Read("CalledDotnet"), Read("Errors"), Read("Location").SingleOrDefault());
    }

    private sealed record ScriptRun(int ExitCode, IReadOnlyList<string> Calls, IReadOnlyList<string> Errors, string? Location);
}
