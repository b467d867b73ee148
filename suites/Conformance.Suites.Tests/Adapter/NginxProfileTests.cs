using Conformance.Drivers;
using Conformance.Model;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Adapter;

/// <summary>
/// Debian's nginx, software no one here wrote, judged through its shipped profiles: conformant configurations pass,
/// and <c>ssl_verify_client optional</c> under a "required" claim fails exactly MT-01.
/// </summary>
public sealed class NginxProfileTests
{
    public static IEnumerable<TheoryDataRow<string>> Profiles() =>
        Directory.EnumerateFiles(RepoPaths.Profiles, "nginx*.yaml").Order(StringComparer.Ordinal)
            .Where(f => !f.EndsWith("-container.yaml", StringComparison.Ordinal)) // needs Docker: Containers/ContainerTargetTests
            .Select(f => new TheoryDataRow<string>(Path.GetFileName(f)));

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Nginx_gets_the_verdicts_its_configuration_deserves(string file)
    {
        Assert.SkipUnless(File.Exists("/usr/sbin/nginx"), "nginx is not installed (apt-get install nginx-light)");
        var profile = ProfileLoader.Load(RepoPaths.Profile(file));
        var run = await ProfileRuns.RunAsync(file, TestContext.Current.CancellationToken);
        var report = ProfileRuns.Describe(run);

        Assert.True(run.Scenarios.All(s => s.Verdict != VerdictKind.Error), report);
        var failed = run.Scenarios.Where(s => s.Verdict == VerdictKind.Fail).Select(s => s.Id).Order().ToList();
        Assert.True((profile.Mutant?.Breaks ?? []).Order().SequenceEqual(failed), $"expected failures [{string.Join(", ", profile.Mutant?.Breaks ?? [])}], got [{string.Join(", ", failed)}]:{Environment.NewLine}{report}");
        Assert.Contains(run.Scenarios, s => s.Verdict == VerdictKind.Pass);
    }
}
