using System.Diagnostics;
using Conformance.Drivers;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;
using static Conformance.Suites.Tests.Support.InProcessCli;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// <c>conformance profiles show FILE</c> prints an overlay merged with its bases (a profile the reader accepts as is);
/// an overlay piped on standard input extends relative to the working folder; a cycle is one line and exit 2.
/// </summary>
public sealed class ProfilesShowTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-profiles-show-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Show_prints_a_mutant_merged_with_the_reference_profile()
    {
        var mutant = RepoPaths.Profile("mutants/NeverReloads.yaml");

        var (code, output, error) = await CliAsync("profiles", "show", mutant);

        Assert.True(code == ExitCodes.Conformant, $"exit {code}: {error}");
        Assert.StartsWith("# ", output, StringComparison.Ordinal);
        Assert.Contains("reference.yaml + ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("extends:", output, StringComparison.Ordinal);
        Assert.Contains("CONFORMANCE_REFERENCE_MUTANT: NeverReloads", output, StringComparison.Ordinal);
        Assert.Contains("--redirect-base", output, StringComparison.Ordinal);
        Assert.Contains("budget: 5s", output, StringComparison.Ordinal);
        Assert.DoesNotContain("alpn", output, StringComparison.Ordinal);

        // What show prints is the whole profile: read on its own, it is the mutant the overlay describes.
        var merged = ProfileLoader.Parse(output, RepoPaths.Profile("merged.yaml"));
        var original = ProfileLoader.Load(mutant);
        Assert.Equal(original.Target.Args, merged.Target.Args);
        Assert.Equal(original.Target.Environment, merged.Target.Environment);
        Assert.Equal(original.Claims.Reload, merged.Claims.Reload);
        Assert.Equal(original.Claims.Tls!.Alpn, merged.Claims.Tls!.Alpn);
        Assert.Equal(original.Mutant!.Breaks, merged.Mutant!.Breaks);
    }

    [Fact]
    public async Task Show_of_a_profile_that_extends_nothing_prints_its_own_text()
    {
        var reference = RepoPaths.Profile("reference.yaml");

        var (code, output, _) = await CliAsync("profiles", "show", reference);

        Assert.Equal(ExitCodes.Conformant, code);
        Assert.Equal((await File.ReadAllTextAsync(reference, TestContext.Current.CancellationToken)).TrimEnd('\n'), output.ReplaceLineEndings("\n").TrimEnd('\n'));
    }

    [Fact]
    public async Task A_cycle_is_one_error_line_and_exit_2()
    {
        await File.WriteAllTextAsync(_dir.File("a.yaml"), "extends: b.yaml\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(_dir.File("b.yaml"), "extends: a.yaml\n", TestContext.Current.CancellationToken);

        var (code, output, error) = await CliAsync("profiles", "show", _dir.File("a.yaml"));

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^error: .*b\.yaml:1:10: extends: extends cycle: .*a\.yaml -> .*b\.yaml -> .*a\.yaml$", line);
    }

    [Fact]
    public async Task An_overlay_on_standard_input_extends_relative_to_the_working_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        var info = new ProcessStartInfo(CliProcess.DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Profiles,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "profiles", "show", "-" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.StandardInput.WriteAsync("extends: reference.yaml\nname: piped\n".AsMemory(), ct);
            process.StandardInput.Close();
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

            Assert.True(process.ExitCode == ExitCodes.Conformant, $"exit {process.ExitCode}: {await error}");
            Assert.Contains("name: piped", await output, StringComparison.Ordinal);
            Assert.Contains("--redirect-base", await output, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

}
