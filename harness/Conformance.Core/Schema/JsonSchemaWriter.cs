using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conformance.Schema;

/// <summary>
/// Writes a schema as a JSON Schema (draft 2020-12) for editors (yaml-language-server) and validators. A file that
/// may be an overlay (the overlay key, e.g. <c>extends</c>) gets both variants from the same model:
/// <c>if required [extends] then</c> the overlay (nothing required, null allowed: <c>key: ~</c> deletes a base key)
/// <c>else</c> the full document.
/// </summary>
public static class JsonSchemaWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }; // a file people read: no \u0027 escapes

    public static string Write(ObjectSchema root, string title, string description, string? overlayKey = null)
    {
        var doc = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = title,
            ["description"] = description + " Generated from the harness's schema model by 'conformance profiles schema': do not edit.",
        };
        if (overlayKey is null)
        {
            foreach (var (k, v) in Node(root, overlay: false))
            {
                doc[k] = v?.DeepClone();
            }
        }
        else
        {
            doc["if"] = new JsonObject { ["required"] = new JsonArray(overlayKey) };
            doc["then"] = Node(root, overlay: true);
            doc["else"] = Node(root, overlay: false);
        }

        return doc.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonObject Node(SchemaNode node, bool overlay) => node switch
    {
        ObjectSchema o => Object(o, overlay),
        ListSchema l => List(l, overlay),
        MapSchema m => Map(m, overlay),
        StringSchema s => s.Pattern is { } p
            ? new JsonObject { ["type"] = "string", ["pattern"] = p }
            : new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") }, // every plain scalar is text to the reader
        EnumSchema e => new JsonObject { ["enum"] = new JsonArray([.. e.Texts.Select(t => (JsonNode)t!)]) },
        IntegerSchema i => Integer(i),
        BooleanSchema => new JsonObject { ["type"] = "boolean" },
        DurationSchema => new JsonObject { ["type"] = "string", ["pattern"] = DurationSchema.Pattern },
        OneOfSchema one => new JsonObject { ["anyOf"] = new JsonArray([.. one.Options.Select(o => (JsonNode)Node(o, overlay))]) },
        _ => throw new InvalidOperationException($"no JSON Schema form for {node.GetType().Name}"),
    };

    private static JsonObject Object(ObjectSchema o, bool overlay)
    {
        var properties = new JsonObject();
        foreach (var f in o.Fields)
        {
            var value = Node(f.Node, overlay);
            value["description"] = Describe(f);
            properties[f.Name] = overlay ? Nullable(value) : value;
        }

        var result = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
        var required = o.Fields.Where(f => f.Required).Select(f => (JsonNode)f.Name!).ToArray();
        if (!overlay && required.Length > 0)
        {
            result["required"] = new JsonArray(required);
        }

        if (!overlay && o.ExactlyOne is { } one)
        {
            result["oneOf"] = new JsonArray([.. one.Select(k => (JsonNode)new JsonObject { ["required"] = new JsonArray(k) })]);
        }

        return result;
    }

    private static JsonObject List(ListSchema l, bool overlay)
    {
        var array = new JsonObject { ["type"] = "array", ["items"] = Node(l.Items, overlay) };
        if (l.MinItems > 0)
        {
            array["minItems"] = l.MinItems;
        }

        return l.AllowScalar ? new JsonObject { ["anyOf"] = new JsonArray(Node(l.Items, overlay), array) } : array;
    }

    private static JsonObject Map(MapSchema m, bool overlay)
    {
        var result = new JsonObject
        {
            ["type"] = "object",
            ["propertyNames"] = new JsonObject { ["pattern"] = m.KeyPattern },
            ["additionalProperties"] = overlay ? Nullable(Node(m.Values, overlay)) : Node(m.Values, overlay),
        };
        if (m.MinEntries > 0 && !overlay)
        {
            result["minProperties"] = m.MinEntries;
        }

        return result;
    }

    private static JsonObject Integer(IntegerSchema i)
    {
        if (i.Allowed is { } allowed)
        {
            return new JsonObject { ["enum"] = new JsonArray([.. allowed.Select(a => (JsonNode)a)]) };
        }

        var result = new JsonObject { ["type"] = "integer" };
        if (i.Min is { } min)
        {
            result["minimum"] = min;
        }

        if (i.Max is { } max)
        {
            result["maximum"] = max;
        }

        return result;
    }

    // In an overlay a key set to null deletes the base's key.
    private static JsonObject Nullable(JsonObject value)
    {
        var result = new JsonObject();
        if (value["description"] is { } description)
        {
            result["description"] = description.DeepClone();
        }

        result["anyOf"] = new JsonArray(value, new JsonObject { ["type"] = "null" });
        return result;
    }

    private static string Describe(SchemaField f)
    {
        var text = f.Description;
        if (f.Node is EnumSchema e && e.Values.Any(v => v.Description.Length > 0))
        {
            text += ". " + string.Join("; ", e.Values.Select(v => v.Description.Length > 0 ? $"{v.Text}: {v.Description}" : v.Text));
        }

        return f.Default is { } d ? $"{text} (default: {d})" : text;
    }
}
