namespace Conformance.Tests.Schema;

/// <summary>Log catalogs both the reader and schemas/log-catalog.schema.json must refuse or accept, and those only the reader can judge.</summary>
internal static class LogCatalogAgreementCorpus
{
    private const string Head = "apiVersion: conformance/v1\nkind: LogCatalog\nname: t\nsource: { streams: [stdout] }\n";

    public static string Base => Head + "lines:\n  - name: a\n    pattern: a\n    when: { after: start, within: 5s }\n";

    public static TheoryData<string, string> Invalid() => new()
    {
        { "unknown key at the root", Base + "colour: blue\n" },
        { "unknown key in a line", Head + "lines:\n  - { name: a, pattern: a, when: { after: start }, colour: x }\n" },
        { "unknown key in when", Head + "lines:\n  - { name: a, pattern: a, when: { after: start, whithin: 5s } }\n" },
        { "unknown key in source", "apiVersion: conformance/v1\nname: t\nsource: { stream: [stdout] }\nlines:\n  - { name: a, pattern: a, when: { after: start } }\n" },
        { "format not one of the words", Base + "format: xml\n" },
        { "when.after misspelt", Head + "lines:\n  - { name: a, pattern: a, when: { after: rotaton } }\n" },
        { "errors.atLeast not a level", Base + "format: json\nerrors: { atLeast: loud }\n" },
        { "missing name", "apiVersion: conformance/v1\nsource: { streams: [stdout] }\nlines:\n  - { name: a, pattern: a, when: { after: start } }\n" },
        { "line missing pattern", Head + "lines:\n  - { name: a, when: { after: start } }\n" },
        { "line missing when", Head + "lines:\n  - { name: a, pattern: a }\n" },
        { "when missing after", Head + "lines:\n  - { name: a, pattern: a, when: { within: 5s } }\n" },
        { "duration as a word", Head + "lines:\n  - { name: a, pattern: a, when: { after: start, within: soon } }\n" },
        { "count as a word", Head + "lines:\n  - { name: a, pattern: a, when: { after: start }, count: many }\n" },
        { "word where a boolean belongs", Head + "lines:\n  - { name: a, pattern: a, when: { after: rotation }, servedWhenLogged: maybe }\n" },
        { "text where lines belong", Head + "lines: a\n" },
        { "list where source belongs", "apiVersion: conformance/v1\nname: t\nsource: [stdout]\nlines:\n  - { name: a, pattern: a, when: { after: start } }\n" },
        { "non-text key at the root", Base + "? [a]\n: b\n" },
        { "mapping where json field names belong", Base + "format: json\njson: { message: { a: b } }\n" },
        { "source with both streams and file", "apiVersion: conformance/v1\nname: t\nsource: { streams: [stdout], file: x.log }\nlines:\n  - { name: a, pattern: a, when: { after: start } }\n" },
        { "source with neither streams nor file", "apiVersion: conformance/v1\nname: t\nsource: {}\nlines:\n  - { name: a, pattern: a, when: { after: start } }\n" },
        { "wrong kind", Base.Replace("kind: LogCatalog", "kind: Profile", StringComparison.Ordinal) },
    };

    public static TheoryData<string, string> ValidCases() => new()
    {
        { "the base", Base },
        { "a JSON catalog with errors and counts", Head + "format: json\njson: { message: [msg], level: level }\nerrors: { atLeast: error }\nlines:\n  - { name: a, pattern: a, when: { after: rotation, within: 10s }, count: exactly 1, servedWhenLogged: true }\n  - { name: b, pattern: b, when: { after: start }, count: 2 }\n" },
        { "a file source and a text error rule", "apiVersion: conformance/v1\nkind: LogCatalog\nname: t\nsource: { file: \"{run:dir}/error.log\" }\nerrors: { pattern: 'crit' }\n" },
    };

    public static TheoryData<string, string> ReaderOnly() => new()
    {
        { "uniqueness: two lines with one name", Head + "lines:\n  - { name: a, pattern: a, when: { after: start } }\n  - { name: a, pattern: b, when: { after: start } }\n" },
        { "a value: a pattern that is not a valid regular expression", Head + "lines:\n  - { name: a, pattern: '[', when: { after: start } }\n" },
        { "between keys: json field names with format text", Base + "json: { message: [m] }\n" },
        { "between keys: servedWhenLogged on a start line", Head + "lines:\n  - { name: a, pattern: a, when: { after: start }, servedWhenLogged: true }\n" },
        { "at least one of lines or errors", Head },
    };
}
