using System.CommandLine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites;

namespace Conformance.Cli.Commands;

/// <summary><c>conformance profiles validate FILE</c>: every error with its file, line and field.</summary>
internal static class ProfilesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The profile YAML file." };
        var validate = new Command("validate", "Check a profile and report every error with its line.") { file };
        validate.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var errors = ProfileLoader.Validate(path).ToList();
            if (errors.Count == 0)
            {
                var profile = ProfileLoader.Load(path);
                errors.AddRange(UnknownScenarioIds(profile, path));
                if (errors.Count == 0)
                {
                    output.WriteLine($"ok: {path}: profile '{profile.Name}', target {profile.Target.Kind.ToString().ToLowerInvariant()}, {profile.Endpoints.Count} endpoint(s), assumptions: {(profile.Assumptions.Count == 0 ? "none" : string.Join(", ", profile.Assumptions))}");
                    foreach (var line in MtlsLines(profile))
                    {
                        output.WriteLine(line);
                    }

                    return ExitCodes.Conformant;
                }
            }

            foreach (var e in errors)
            {
                error.WriteLine($"error: {e}");
            }

            return ExitCodes.BadUsage;
        });
        var profiles = new Command("profiles", "Work with profiles.");
        profiles.Subcommands.Add(validate);
        return profiles;
    }

    /// <summary>Which mTLS scenarios the profile enables, and why the others are not applicable (its client identities decide).</summary>
    public static IEnumerable<string> MtlsLines(Profile profile) =>
        Catalog.All.Where(s => s.Info.Suite == "mtls").Select(s => s.Info.NotApplicableBecause(profile) is { } why
            ? $"  {s.Info.Id} not applicable: {why}"
            : $"  {s.Info.Id} enabled: {s.Info.Title}");

    /// <summary>A mutant profile naming a scenario the catalog does not have is a profile error.</summary>
    public static IEnumerable<ProfileError> UnknownScenarioIds(Profile profile, string path) =>
        new[] { ("breaks", profile.Mutant?.Breaks ?? []), ("undecided", profile.Mutant?.Undecided ?? []) }
            .SelectMany(list => list.Item2.Select((id, i) => (Field: $"mutant.{list.Item1}[{i}]", Id: id)))
            .Where(x => Catalog.Find(x.Id) is null)
            .Select(x => ProfileLocator.Locate(path, x.Field) is { } at
                ? new ProfileError(path, at.Line, at.Column, x.Field, $"unknown scenario ID '{x.Id}' (see 'conformance scenarios')")
                : new ProfileError(path, 0, 0, x.Field, $"unknown scenario ID '{x.Id}' (see 'conformance scenarios')"));
}
