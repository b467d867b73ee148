namespace Conformance.Tests.Profiles.Seeds;

/// <summary>
/// Every claim of every seed-shaped profile either says where its system's document makes the promise or is marked
/// assumed, so a report never presents a guess as the system's word.
/// </summary>
public sealed class SeedClaimCitationTests
{
    private static readonly string[] Seeds = ["direktiv", "feldera", "flux", "knative"];

    public static TheoryData<string> SeedProfiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.FixtureProfiles, "*.yaml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (Seeds.Any(s => name.StartsWith(s, StringComparison.Ordinal)))
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Fact]
    public void Each_seed_has_a_process_profile()
    {
        var names = SeedProfiles().Select(row => row.Data).ToList();

        Assert.All(Seeds, s => Assert.Contains($"{s}.yaml", names));
    }

    [Theory]
    [MemberData(nameof(SeedProfiles))]
    public void Every_claim_cites_its_document_or_is_assumed(string name)
    {
        var path = Path.Combine(RepoPaths.FixtureProfiles, name);
        var text = File.ReadAllText(path);

        var uncovered = ClaimCitations.Uncovered(name, text);

        Assert.True(uncovered.Count == 0, string.Join(Environment.NewLine, uncovered));
        Assert.Contains("# Source:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_without_a_citation_or_assumed_is_named_with_its_line()
    {
        const string Profile = """
            name: planted
            claims:
              # Helm values: mTLS on every port
              tls: { min: "1.2", alpn: [h2] }
              reload: { mode: hot, budget: 10s }   # the document: certificates are watched
              secret: { invalid: refuse-start, assumed: true }
              sni: { unknown: default, endpoint: main, assumed: [unknown] }
              oldPort: same
              # a sentence that cites nothing
              sameCertificate: [a, b]
              content: { path: /, marker: m }
              trustBundle:
                invalidEntry: skip-entry            # transport encryption: invalid entries are skipped
                via: activator
                pickupWithin: 10s
            """;

        var uncovered = ClaimCitations.Uncovered("planted.yaml", Profile);

        Assert.Equal(
            [
                "planted.yaml:7: claims.sni.endpoint: neither a \"where: what\" comment citing the document nor assumed",
                "planted.yaml:8: claims.oldPort: no \"where: what\" comment citing the document",
                "planted.yaml:10: claims.sameCertificate: no \"where: what\" comment citing the document",
                "planted.yaml:14: claims.trustBundle.via: neither a \"where: what\" comment citing the document nor assumed",
                "planted.yaml:15: claims.trustBundle.pickupWithin: neither a \"where: what\" comment citing the document nor assumed",
            ],
            uncovered);
    }
}
