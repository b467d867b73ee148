using System.Text.RegularExpressions;
using Conformance.Inputs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Logs;

/// <summary>
/// Reads a log catalog file into a <see cref="LogCatalog"/>. Like the profile reader it walks the node tree by hand so
/// every problem — unknown key, bad regex, bad count, bad duration — is reported with the catalog's file, line and
/// field, and it keeps going to report them all.
/// </summary>
public sealed partial class LogCatalogReader
{
    private static readonly string[] RootKeys = ["apiVersion", "kind", "name", "description", "source", "format", "json", "errors", "lines"];
    private static readonly string[] SourceKeys = ["streams", "file"];
    private static readonly string[] JsonKeys = ["message", "level"];
    private static readonly string[] ErrorKeys = ["atLeast", "pattern"];
    private static readonly string[] LineKeys = ["name", "pattern", "when", "count", "servedWhenLogged"];
    private static readonly string[] WhenKeys = ["after", "within"];

    private static readonly (string Text, LogTrigger Value)[] Triggers =
        [("start", LogTrigger.Start), ("rotation", LogTrigger.Rotation), ("bad-certificate", LogTrigger.BadCertificate)];

    private readonly string _file;
    private readonly List<ProfileError> _errors = [];

    private LogCatalogReader(string file) => _file = file;

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

        var keys = Keys(root, string.Empty, RootKeys);
        if (Scalar(keys, "apiVersion") is { } api && api != "conformance/v1")
        {
            Error(keys["apiVersion"].Value, "apiVersion", $"unsupported apiVersion '{api}' (this harness reads conformance/v1)");
        }

        if (Scalar(keys, "kind") is { } kind && kind != "LogCatalog")
        {
            Error(keys["kind"].Value, "kind", $"expected kind LogCatalog, found '{kind}'");
        }

        var name = Scalar(keys, "name");
        if (name is null)
        {
            Error(root, "name", "missing required field 'name' (e.g. name: queue-proxy)");
        }

        var format = LogFormat.Text;
        if (Scalar(keys, "format") is { } f)
        {
            format = f switch
            {
                "text" => LogFormat.Text,
                "json" => LogFormat.Json,
                _ => Fail(keys["format"].Value, "format", $"'{f}' is not one of: text, json", LogFormat.Text),
            };
        }

        var source = keys.TryGetValue("source", out var s) ? ReadSource(s.Value) : new LogSourceSpec();
        IReadOnlyList<string> messageFields = ["message", "msg"], levelFields = ["severity", "level"];
        if (keys.TryGetValue("json", out var j) && Mapping(j.Value, "json") is { } jm)
        {
            var jk = Keys(jm, "json", JsonKeys);
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

        var keys = Keys(map, "source", SourceKeys);
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

        var keys = Keys(map, "errors", ErrorKeys);
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

        var keys = Keys(map, field, LineKeys);
        var name = Scalar(keys, "name", field);
        if (name is null)
        {
            Error(node, $"{field}.name", "missing required field 'name' (e.g. name: reload)");
        }

        var pattern = Scalar(keys, "pattern", field);
        if (pattern is null)
        {
            Error(node, $"{field}.pattern", "missing required field 'pattern' (a regex on the message)");
        }
        else if (!ValidRegex(keys["pattern"].Value, $"{field}.pattern", pattern))
        {
            pattern = null;
        }

        var after = LogTrigger.Rotation;
        var within = TimeSpan.FromSeconds(10);
        if (keys.TryGetValue("when", out var w) && Mapping(w.Value, $"{field}.when") is { } wm)
        {
            var wk = Keys(wm, $"{field}.when", WhenKeys);
            if (Scalar(wk, "after", $"{field}.when") is { } a)
            {
                var found = Triggers.FirstOrDefault(t => t.Text == a);
                if (found.Text is null)
                {
                    var hint = KeySuggestion.Closest(a, Triggers.Select(t => t.Text)) is { } near ? $" (did you mean '{near}'?)" : string.Empty;
                    Error(wk["after"].Value, $"{field}.when.after", $"'{a}' is not one of: {string.Join(", ", Triggers.Select(t => t.Text))}{hint}");
                }
                else
                {
                    after = found.Value;
                }
            }
            else
            {
                Error(w.Value, $"{field}.when.after", "missing required field 'after' (start, rotation or bad-certificate)");
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
        else if (!keys.ContainsKey("when"))
        {
            Error(node, $"{field}.when", "missing required field 'when' (e.g. when: { after: rotation, within: 10s })");
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

    private Dictionary<string, (YamlNode Key, YamlNode Value)> Keys(YamlMappingNode map, string field, string[] allowed)
    {
        var result = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? string.Empty;
            var path = field.Length == 0 ? key : $"{field}.{key}";
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var hint = KeySuggestion.Closest(key, allowed) is { } s ? $"did you mean '{s}'?" : $"expected one of: {string.Join(", ", allowed)}";
                Error(k, path, $"unknown key '{key}' ({hint})");
                continue;
            }

            result[key] = (k, v);
        }

        return result;
    }

    private YamlMappingNode? Mapping(YamlNode node, string field)
    {
        if (node is YamlMappingNode m)
        {
            return m;
        }

        Error(node, field, "expected a mapping (key: value)");
        return null;
    }

    private string? Scalar(Dictionary<string, (YamlNode Key, YamlNode Value)> keys, string key, string parent = "")
    {
        if (!keys.TryGetValue(key, out var e))
        {
            return null;
        }

        var field = parent.Length == 0 ? key : $"{parent}.{key}";
        if (e.Value is YamlScalarNode { Value: { Length: > 0 } text })
        {
            return text;
        }

        Error(e.Value, field, e.Value is YamlScalarNode ? "has no value" : "expected text");
        return null;
    }

    private List<string> TextList(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } one })
        {
            return [one];
        }

        if (node is not YamlSequenceNode seq)
        {
            Error(node, field, "expected a list of names");
            return [];
        }

        var list = new List<string>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (seq.Children[i] is YamlScalarNode { Value: { Length: > 0 } item })
            {
                list.Add(item);
            }
            else
            {
                Error(seq.Children[i], $"{field}[{i}]", "expected a name");
            }
        }

        return list;
    }

    private T Fail<T>(YamlNode at, string field, string message, T fallback)
    {
        Error(at, field, message);
        return fallback;
    }

    private void Error(YamlNode at, string field, string message) =>
        _errors.Add(new ProfileError(_file, (int)at.Start.Line, (int)at.Start.Column, field, message));

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"\{[a-z]+(?::[A-Za-z0-9_.\-]+)+\}")]
    private static partial Regex Placeholder();
}
