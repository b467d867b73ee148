using System.Text.RegularExpressions;
using Conformance.Inputs;
using Conformance.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Logs;

/// <summary>
/// Reads a log catalog file into a <see cref="LogCatalog"/>. Keys, types, words and required keys are checked by the
/// YAML walker the profile reader shares, against <see cref="LogCatalogSchema"/>; this class keeps what a schema cannot
/// say (regexes, counts, either/or keys, unique names). Every problem names the catalog's file, line and field, and
/// reading goes on to report them all.
/// </summary>
public sealed partial class LogCatalogReader
{
    // Every key list and enum word the reader checks comes from here (and so do schemas/ and the key reference).
    private static readonly ObjectSchema Schema = LogCatalogSchema.Create();

    private readonly List<ProfileError> _errors = [];
    private readonly YamlWalker _walk;

    private LogCatalogReader(string file) => _walk = new YamlWalker(Schema, _ => file, _errors);

    /// <summary>Reads a catalog file; the catalog is null whenever there is at least one error.</summary>
    public static (LogCatalog? Catalog, IReadOnlyList<ProfileError> Errors) ReadFile(string path)
    {
        string yaml;
        try
        {
            yaml = Inputs.InputFile.ReadText(path, Inputs.InputFile.ProfileBound, "a log catalog");
        }
        catch (Inputs.InputFileException e)
        {
            var why = e.Problem == "file not found" ? "log catalog not found" : e.Problem;
            return (null, [new ProfileError(path, 0, 0, "(file)", why)]);
        }

        return Read(yaml, path);
    }

    /// <summary>Reads catalog YAML text; <paramref name="sourcePath"/> names the file in errors.</summary>
    public static (LogCatalog? Catalog, IReadOnlyList<ProfileError> Errors) Read(string yaml, string sourcePath)
    {
        var reader = new LogCatalogReader(sourcePath);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            reader._errors.Add(new ProfileError(sourcePath, (int)e.Start.Line, (int)e.Start.Column, "(yaml)", $"YAML syntax error: {MarkPrefix().Replace(e.Message, string.Empty)}"));
            return (null, reader._errors);
        }

        if (stream.Documents.Count == 0)
        {
            reader._errors.Add(new ProfileError(sourcePath, 1, 1, "(document)", "the log catalog is empty"));
            return (null, reader._errors);
        }

        var catalog = reader.ReadRoot(stream.Documents[0].RootNode, string.IsNullOrEmpty(sourcePath) ? null : Path.GetFullPath(sourcePath));
        return reader._errors.Count == 0 ? (catalog, reader._errors) : (null, reader._errors);
    }

    /// <summary>The pattern with every placeholder replaced by a stand-in, so the regex can be checked before a run.</summary>
    public static string WithStandIns(string pattern) => Placeholder().Replace(pattern, "0");

    private LogCatalog? ReadRoot(YamlNode node, string? fullPath)
    {
        if (node is not YamlMappingNode root)
        {
            Error(node, "(document)", "a log catalog is a mapping (apiVersion, kind, name, source, format, lines, …)");
            return null;
        }

        var keys = Keys(root, string.Empty, root);
        if (Scalar(keys, "apiVersion") is { } api && api != "conformance/v1")
        {
            Error(keys["apiVersion"].Value, "apiVersion", $"unsupported apiVersion '{api}' (this harness reads conformance/v1)");
        }

        if (Scalar(keys, "kind") is { } kind && kind != "LogCatalog")
        {
            Error(keys["kind"].Value, "kind", $"expected kind LogCatalog, found '{kind}'");
        }

        var name = Scalar(keys, "name");
        var format = keys.TryGetValue("format", out var fm) && _walk.Choice(fm.Value, "format")?.Value is LogFormat f ? f : LogFormat.Text;

        var source = keys.TryGetValue("source", out var s) ? ReadSource(s.Value) : new LogSourceSpec();
        IReadOnlyList<string> messageFields = ["message", "msg"], levelFields = ["severity", "level"];
        if (keys.TryGetValue("json", out var j) && Mapping(j.Value, "json") is { } jm)
        {
            var jk = Keys(jm, "json");
            if (jk.TryGetValue("message", out var m))
            {
                messageFields = TextList(m.Value, "json.message");
            }

            if (jk.TryGetValue("level", out var l))
            {
                levelFields = TextList(l.Value, "json.level");
            }

            if (format != LogFormat.Json)
            {
                Error(j.Key, "json", "json field names apply only to format: json");
            }
        }

        var errors = keys.TryGetValue("errors", out var e) ? ReadErrors(e.Value, format) : null;
        var lines = new List<LogExpectation>();
        if (keys.TryGetValue("lines", out var ls))
        {
            if (ls.Value is YamlSequenceNode seq)
            {
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    if (ReadLine(seq.Children[i], $"lines[{i}]") is { } line)
                    {
                        if (lines.Any(x => x.Name == line.Name))
                        {
                            Error(seq.Children[i], $"lines[{i}].name", $"'{line.Name}' is used by another line");
                        }

                        lines.Add(line);
                    }
                }
            }
            else
            {
                Error(ls.Value, "lines", "expected a list of expected lines (- name: …, pattern: …)");
            }
        }

        if (lines.Count == 0 && errors is null && !keys.ContainsKey("errors") && (!keys.TryGetValue("lines", out var given) || given.Value is YamlSequenceNode { Children.Count: 0 }))
        {
            Error(root, "lines", "a log catalog needs at least one expected line (lines) or an error rule (errors)");
        }

        return name is null ? null : new LogCatalog
        {
            Name = name,
            Description = Scalar(keys, "description"),
            SourcePath = fullPath,
            Source = source,
            Format = format,
            MessageFields = messageFields,
            LevelFields = levelFields,
            Errors = errors,
            Lines = lines,
        };
    }

    private LogSourceSpec ReadSource(YamlNode node)
    {
        if (Mapping(node, "source") is not { } map)
        {
            return new LogSourceSpec();
        }

        var keys = Keys(map, "source");
        var file = Scalar(keys, "file", "source");
        IReadOnlyList<string> streams = keys.TryGetValue("streams", out var st) ? TextList(st.Value, "source.streams") : ["*"];
        if (file is not null && keys.ContainsKey("streams"))
        {
            Error(keys["streams"].Key, "source.streams", "give either streams (the target's captured output) or file, not both");
        }
        else if (file is null && !keys.ContainsKey("streams"))
        {
            Error(node, "source", "give streams: [stdout, …] (the target's captured output) or file: PATH");
        }

        if (streams.Count == 0)
        {
            Error(node, "source.streams", "name at least one stream (stdout, stderr, a container name, or *)");
        }

        return new LogSourceSpec { Streams = streams, File = file };
    }

    private LogLevelRule? ReadErrors(YamlNode node, LogFormat format)
    {
        if (Mapping(node, "errors") is not { } map)
        {
            return null;
        }

        var keys = Keys(map, "errors");
        var atLeast = Scalar(keys, "atLeast", "errors");
        var pattern = Scalar(keys, "pattern", "errors");
        if (atLeast is not null && !LogLevelRule.IsKnownLevel(atLeast))
        {
            Error(keys["atLeast"].Value, "errors.atLeast", $"'{atLeast}' is not a known level (debug, info, warn, error, dpanic, panic, fatal, or syslog's notice, crit, alert, emerg)");
            atLeast = null;
        }

        if (atLeast is not null && format != LogFormat.Json)
        {
            Error(keys["atLeast"].Key, "errors.atLeast", "a level floor needs format: json (text catalogs give errors.pattern)");
        }

        if (pattern is not null && !ValidRegex(keys["pattern"].Value, "errors.pattern", pattern))
        {
            pattern = null;
        }

        if (atLeast is null && pattern is null)
        {
            if (!keys.ContainsKey("atLeast") && !keys.ContainsKey("pattern"))
            {
                Error(node, "errors", "give atLeast: error (JSON level) or pattern: REGEX (text rule)");
            }

            return null;
        }

        return new LogLevelRule { AtLeast = atLeast, Pattern = pattern };
    }

    private LogExpectation? ReadLine(YamlNode node, string field)
    {
        if (Mapping(node, field) is not { } map)
        {
            return null;
        }

        var keys = Keys(map, field, node);
        var name = Scalar(keys, "name", field);
        var pattern = Scalar(keys, "pattern", field);
        if (pattern is not null && !ValidRegex(keys["pattern"].Value, $"{field}.pattern", pattern))
        {
            pattern = null;
        }

        var after = LogTrigger.Rotation;
        var within = TimeSpan.FromSeconds(10);
        if (keys.TryGetValue("when", out var w) && Mapping(w.Value, $"{field}.when") is { } wm)
        {
            var wk = Keys(wm, $"{field}.when", w.Value);
            if (wk.TryGetValue("after", out var a) && _walk.Choice(a.Value, $"{field}.when.after")?.Value is LogTrigger trigger)
            {
                after = trigger;
            }

            if (Scalar(wk, "within", $"{field}.when") is { } d)
            {
                if (Durations.TryParse(d, out var span) && span > TimeSpan.Zero)
                {
                    within = span;
                }
                else
                {
                    Error(wk["within"].Value, $"{field}.when.within", $"'{d}' is not a duration (write it like 500ms, 10s or 2m)");
                }
            }
        }

        var count = LogCount.Once;
        if (Scalar(keys, "count", field) is { } c && !LogCount.TryParse(c, out count))
        {
            Error(keys["count"].Value, $"{field}.count", $"'{c}' is not a count (write exactly N, at least N, or none)");
        }

        var served = false;
        if (Scalar(keys, "servedWhenLogged", field) is { } sw && !bool.TryParse(sw, out served))
        {
            Error(keys["servedWhenLogged"].Value, $"{field}.servedWhenLogged", $"expected true or false, found '{sw}'");
        }

        if (served && after != LogTrigger.Rotation)
        {
            Error(keys["servedWhenLogged"].Key, $"{field}.servedWhenLogged", "applies only to lines logged after a rotation");
        }

        return name is null || pattern is null ? null : new LogExpectation
        {
            Name = name,
            Pattern = pattern,
            After = after,
            Within = within,
            Count = count,
            ServedWhenLogged = served,
            Line = (int)node.Start.Line,
        };
    }

    private bool ValidRegex(YamlNode node, string field, string pattern)
    {
        try
        {
            _ = new Regex(WithStandIns(pattern), RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException e)
        {
            Error(node, field, $"not a valid regular expression: {e.Message}");
            return false;
        }
    }

    private Dictionary<string, (YamlNode Key, YamlNode Value)> Keys(YamlMappingNode map, string field, YamlNode? at = null) => _walk.Keys(map, field, at);

    private YamlMappingNode? Mapping(YamlNode node, string field) => _walk.IsMapping(node, field, out var map) ? map : null;

    /// <summary>A key's text; a key written with no value is reported (a catalog has no optional-but-empty keys).</summary>
    private string? Scalar(Dictionary<string, (YamlNode Key, YamlNode Value)> keys, string key, string parent = "") =>
        keys.TryGetValue(key, out var e) ? _walk.Required(e.Value, parent.Length == 0 ? key : $"{parent}.{key}", "text") : null;

    private List<string> TextList(YamlNode node, string field) => _walk.TextList(node, field, allowScalar: true);

    private void Error(YamlNode at, string field, string message) => _walk.Error(at, field, message);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"\{[a-z]+(?::[A-Za-z0-9_.\-]+)+\}")]
    private static partial Regex Placeholder();
}
