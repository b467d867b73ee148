using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.Model;

namespace Conformance.Reports;

/// <summary>
/// Writes <see cref="VerdictCounts"/> keyed by the verdict spellings (<c>pass</c>, <c>fail</c>, <c>not-applicable</c>,
/// <c>error</c>) so the counts read the same as the verdicts they count (the results.json shape in README.md).
/// </summary>
internal sealed class VerdictCountsJsonConverter : JsonConverter<VerdictCounts>
{
    public override VerdictCounts Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("\"verdicts\" must be an object of counts");
        }

        int pass = 0, fail = 0, notApplicable = 0, error = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var value = reader.GetInt32();
            switch (name)
            {
                case "pass": pass = value; break;
                case "fail": fail = value; break;
                case "not-applicable" or "notApplicable": notApplicable = value; break;
                case "error": error = value; break;
                default: throw new JsonException($"unknown verdict count \"{name}\"");
            }
        }

        return new VerdictCounts(pass, fail, notApplicable, error);
    }

    public override void Write(Utf8JsonWriter writer, VerdictCounts value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("pass", value.Pass);
        writer.WriteNumber("fail", value.Fail);
        writer.WriteNumber("not-applicable", value.NotApplicable);
        writer.WriteNumber("error", value.Error);
        writer.WriteEndObject();
    }
}
