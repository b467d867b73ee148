using System.CommandLine;
using Conformance.Cli.Console;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance profiles validate FILE</c>: every error with its file, line and field; <c>conformance profiles show
/// FILE</c>: the profile as the harness reads it, an overlay merged with its bases; <c>conformance profiles schema</c>:
/// the generated JSON Schemas and key references.
/// </summary>
internal static class ProfilesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The profile YAML file; - reads it from standard input." };
        var validate = new Command("validate", "Check a profile as 'run' does before starting its target (files it names, templates, placeholders) and report every error with its line.") { file };
        validate.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var (profile, errors) = await CheckAsync(path, ct);
            if (errors.Count == 0 && profile is not null)
            {
                output.WriteLine($"ok: {TerminalText.Line(path)}: profile '{TerminalText.Line(profile.Name)}', target {profile.Target.Kind.ToString().ToLowerInvariant()}, {profile.Endpoints.Count} endpoint(s), assumptions: {(profile.Assumptions.Count == 0 ? "none" : string.Join(", ", profile.Assumptions))}");
                foreach (var line in MtlsLines(profile))
                {
                    output.WriteLine(TerminalText.Line(line));
                }

                return ExitCodes.Conformant;
            }

            foreach (var e in errors)
            {
                error.WriteLine($"error: {e}");
            }

            return ExitCodes.BadUsage;
        });
        var profiles = new Command("profiles", "Work with profiles.");
        profiles.Subcommands.Add(validate);
        profiles.Subcommands.Add(Show(output, error));
        profiles.Subcommands.Add(Schema(output, error));
        return profiles;
    }

    /// <summary>
    /// <c>conformance profiles schema</c>: writes the JSON Schemas (schemas/) and the key references (docs/) generated
    /// from the schema model the readers use; run from the repository root after changing a key.
    /// </summary>
    private static Command Schema(TextWriter output, TextWriter error)
    {
        var outDir = new Option<string>("--out") { Description = "Folder for profile.schema.json and log-catalog.schema.json.", DefaultValueFactory = _ => "schemas" }.Takes("a folder path");
        var docsDir = new Option<string>("--docs") { Description = "Folder for profile-reference.md and log-catalog-reference.md.", DefaultValueFactory = _ => "docs" }.Takes("a folder path");
        var schema = new Command("schema", "Write the JSON Schemas and the key references generated from the profile and log-catalog schemas.") { outDir, docsDir };
        schema.SetAction(parse =>
        {
            var files = SchemaFiles.JsonSchemas().Select(f => (Folder: parse.GetValue(outDir)!, f.Name, f.Text))
                .Concat(SchemaFiles.References().Select(f => (Folder: parse.GetValue(docsDir)!, f.Name, f.Text)));
            foreach (var (folder, name, text) in files)
            {
                var path = Path.Combine(folder, name);
                try
                {
                    Directory.CreateDirectory(folder);
                    File.WriteAllText(path, text);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"error: {TerminalText.Line(path)}: {TerminalText.Line(e.Message)}");
                    return ExitCodes.BadUsage;
                }

                output.WriteLine($"wrote {TerminalText.Line(path)}");
            }

            return ExitCodes.Conformant;
        });
        return schema;
    }

    private static Command Show(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The profile YAML file; - reads it from standard input (extends: is then relative to the working folder)." };
        var show = new Command("show", "Print the profile as the harness reads it: an overlay (extends: FILE) merged with its bases, extends removed.") { file };
        show.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var (profile, errors) = ProfileLoader.Read(path, CancellationToken.None);
            if (profile is null)
            {
                foreach (var e in errors)
                {
                    error.WriteLine($"error: {e}");
                }

                return ExitCodes.BadUsage;
            }

            var yaml = profile.Composition is { } merged
                ? $"# {string.Join(" + ", merged.Files)} (merged: maps key by key, lists and scalars replaced, null deleted)\n{merged.ToYaml()}"
                : profile.SourceText ?? string.Empty;
            foreach (var line in yaml.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            {
                // A file may hold control characters; the terminal shows them as escapes, not as commands.
                output.WriteLine(TerminalText.Escape(line));
            }

            return ExitCodes.Conformant;
        });
        return show;
    }

    /// <summary>
    /// Every check <c>run</c> makes before starting a target, by the same code: the file read once (bounded) and parsed,
    /// scenario IDs known, and <see cref="RunEnvironment.CheckAsync"/> — what <see cref="RunEnvironment.Prepare(Profile, TimeProvider)"/>
    /// refuses (trust files, templates, placeholders, target sections), without starting anything.
    /// </summary>
    public static async Task<(Profile? Profile, IReadOnlyList<ProfileError> Errors)> CheckAsync(string path, CancellationToken ct)
    {
        var (profile, errors) = ProfileLoader.Read(path, ct);
        if (profile is null)
        {
            return (null, errors);
        }

        var unknown = UnknownScenarioIds(profile).ToList();
        if (unknown.Count > 0)
        {
            return (profile, unknown);
        }

        ct.ThrowIfCancellationRequested();
        return (profile, await RunEnvironment.CheckAsync(profile, TimeProvider.System));
    }

    /// <summary>Which mTLS scenarios the profile enables, and why the others are not applicable (its client identities decide).</summary>
    public static IEnumerable<string> MtlsLines(Profile profile) =>
        Catalog.All.Where(s => s.Info.Suite == "mtls").Select(s => s.Info.WhyNotApplicable(profile) is { } why
            ? $"  {s.Info.Id} not applicable: {why}"
            : $"  {s.Info.Id} enabled: {s.Info.Title}");

    /// <summary>A mutant profile naming a scenario the catalog does not have is a profile error.</summary>
    public static IEnumerable<ProfileError> UnknownScenarioIds(Profile profile) =>
        new[] { ("breaks", profile.Mutant?.Breaks ?? []), ("undecided", profile.Mutant?.Undecided ?? []) }
            .SelectMany(list => list.Item2.Select((id, i) => (Field: $"mutant.{list.Item1}[{i}]", Id: id)))
            .Where(x => Catalog.Find(x.Id) is null)
            .Select(x => ProfileLocator.Error(profile, x.Field, $"unknown scenario ID '{x.Id}' (see 'conformance scenarios')"));
}
