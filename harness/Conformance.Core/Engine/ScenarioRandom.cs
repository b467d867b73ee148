using System.Text;
using Bogus;

namespace Conformance.Engine;

/// <summary>
/// Seeded random names, paths and queries (Bogus). Each scenario gets its own stream derived from the run seed and
/// its ID, so a result does not depend on which scenarios ran before it.
/// </summary>
public sealed class ScenarioRandom
{
    private readonly Faker _faker;

    public ScenarioRandom(int runSeed, string scenarioId)
    {
        Seed = runSeed ^ StableHash(scenarioId);
        _faker = new Faker { Random = new Randomizer(Seed) };
    }

    /// <summary>The seed of this scenario's stream (derived from the run seed, which the report records).</summary>
    public int Seed { get; }

    public Faker Faker => _faker;

    /// <summary>A DNS label such as <c>kestrel-otter</c>.</summary>
    public string Label() => $"{Slug(_faker.Hacker.Noun())}-{Slug(_faker.Hacker.Verb())}";

    /// <summary>A path of 1–3 plain segments and a query of 1–3 parameters, e.g. <c>/alpha/beta?x=1&amp;y=two</c>.</summary>
    public string PathWithQuery()
    {
        var segments = Enumerable.Range(0, _faker.Random.Int(1, 3)).Select(_ => Slug(_faker.Hacker.Noun()));
        var query = Enumerable.Range(0, _faker.Random.Int(1, 3)).Select(i => $"{Slug(_faker.Hacker.Abbreviation())}{i}={_faker.Random.AlphaNumeric(6)}");
        return "/" + string.Join('/', segments) + "?" + string.Join('&', query);
    }

    /// <summary>
    /// A path and query that exercise encoding: percent-encoded spaces and non-ASCII, reserved characters, an
    /// encoded slash, repeated and empty query parameters.
    /// </summary>
    public string EncodedPathWithQuery()
    {
        var word = Slug(_faker.Hacker.Noun());
        var unicode = Uri.EscapeDataString(_faker.PickRandom("café", "naïve", "Zürich", "日本", "ß-straße"));
        var spaced = Uri.EscapeDataString($"{word} {_faker.Hacker.Verb()}");
        var value = Uri.EscapeDataString(_faker.PickRandom("a=b&c", "100% sure", "x/y?z", "#frag", "+plus+"));
        return $"/{word}/{spaced}/{unicode}/a%2Fb;v=1?q={value}&empty=&dup=1&dup=2&{_faker.Random.AlphaNumeric(4)}";
    }

    private static string Slug(string s)
    {
        var sb = new StringBuilder();
        foreach (var ch in s.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '-');
        }

        return sb.ToString().Trim('-');
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var ch in s)
            {
                h = (h ^ ch) * 16777619;
            }

            return h;
        }
    }
}
