namespace Conformance.Model;

/// <summary>How many scenarios ended with each verdict.</summary>
public sealed record VerdictCounts(int Pass, int Fail, int NotApplicable, int Error)
{
    public static VerdictCounts From(IEnumerable<ScenarioResult> results)
    {
        int p = 0, f = 0, n = 0, e = 0;
        foreach (var r in results)
        {
            switch (r.Verdict)
            {
                case VerdictKind.Pass: p++; break;
                case VerdictKind.Fail: f++; break;
                case VerdictKind.NotApplicable: n++; break;
                default: e++; break;
            }
        }

        return new VerdictCounts(p, f, n, e);
    }
}
