using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conformance.Reports;

/// <summary>
/// Writes instants as UTC with a <c>Z</c> (<c>2025-03-04T05:06:07.89Z</c>) so every time in results.json reads the same
/// way whatever the machine's zone; reads any ISO 8601 form.
/// </summary>
internal sealed class UtcDateTimeOffsetJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
