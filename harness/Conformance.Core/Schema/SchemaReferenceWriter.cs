using System.Text;

namespace Conformance.Schema;

/// <summary>
/// Writes a schema as a Markdown key reference: one row per key path with its type, allowed values, default and
/// meaning. docs/profile-reference.md and docs/log-catalog-reference.md are this output, checked current by a test.
/// </summary>
public static class SchemaReferenceWriter
{
    public static string Write(ObjectSchema root, string title, string intro)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(title).Append("\n\n").Append(intro).Append("\n\n");
        text.Append("Generated from the harness's schema model by `conformance profiles schema`: do not edit by hand.\n\n");
        text.Append("| key | type | required | default | allowed values | meaning |\n|---|---|---|---|---|---|\n");
        Rows(text, root, string.Empty);
        return text.ToString();
    }

    private static void Rows(StringBuilder text, SchemaNode node, string prefix)
    {
        switch (node)
        {
            case ObjectSchema o:
                foreach (var f in o.Fields)
                {
                    var path = prefix.Length == 0 ? f.Name : $"{prefix}.{f.Name}";
                    text.Append("| `").Append(path).Append("` | ").Append(Cell(f.Node.TypeName)).Append(" | ")
                        .Append(f.Required ? "yes" : o.ExactlyOne?.Contains(f.Name) == true ? $"one of {string.Join(", ", o.ExactlyOne)}" : "no").Append(" | ")
                        .Append(f.Default is { } d ? $"`{Cell(d)}`" : string.Empty).Append(" | ")
                        .Append(Cell(Allowed(f.Node))).Append(" | ")
                        .Append(Cell(f.Description)).Append(" |\n");
                    Rows(text, f.Node, path);
                }

                break;
            case MapSchema m:
                Rows(text, m.Values, $"{prefix}.NAME");
                break;
            case ListSchema l:
                Rows(text, l.Items, $"{prefix}[]");
                break;
            case OneOfSchema one:
                foreach (var option in one.Options)
                {
                    Rows(text, option, prefix);
                }

                break;
            default:
                break;
        }
    }

    private static string Allowed(SchemaNode node) => node switch
    {
        EnumSchema e => string.Join(", ", e.Values.Select(v => v.Description.Length > 0 ? $"`{v.Text}` ({v.Description})" : $"`{v.Text}`")),
        IntegerSchema { Allowed: { } a } => string.Join(", ", a),
        IntegerSchema { Min: { } min, Max: { } max } => $"{min}-{max}",
        IntegerSchema { Min: { } min } => $"{min} or more",
        StringSchema { Pattern: { } p } => $"matches {Code(p)}",
        DurationSchema => "like `500ms`, `10s`, `2m`, `1h`",
        ListSchema l => Allowed(l.Items),
        MapSchema m => $"names: {m.KeyDescription}",
        OneOfSchema one => string.Join("; or ", one.Options.Select(Allowed).Where(a => a.Length > 0)),
        _ => string.Empty,
    };

    // A pattern in an HTML code element with its brackets as entities: "]([" inside backticks reads as a link to Markdown tools.
    private static string Code(string pattern) =>
        "<code>" + pattern.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace("(", "&#40;", StringComparison.Ordinal).Replace(")", "&#41;", StringComparison.Ordinal)
            .Replace("|", "&#124;", StringComparison.Ordinal) + "</code>";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
