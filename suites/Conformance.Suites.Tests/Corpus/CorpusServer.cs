namespace Conformance.Suites.Tests.Corpus;

/// <summary>
/// One server of the corpus (<c>fixtures/corpus/NAME/</c>): the files it needs on this machine and whether it has an
/// old HTTP port. <c>serve.sh NAME</c> starts it with the corpus's own PKI; <c>process.yaml</c> has the harness start it.
/// </summary>
internal sealed record CorpusServer(string Name, IReadOnlyList<string> Requires, string Install, bool HasHttpPort)
{
    public static IReadOnlyList<CorpusServer> All { get; } =
    [
        new("apache2", ["/usr/sbin/apache2", "/usr/lib/apache2/modules/mod_ssl.so"], "apt-get install apache2", true),
        new("apache2-noverify", ["/usr/sbin/apache2", "/usr/lib/apache2/modules/mod_ssl.so"], "apt-get install apache2", true),
        new("lighttpd", ["/usr/sbin/lighttpd", "/usr/lib/lighttpd/mod_openssl.so"], "apt-get install lighttpd lighttpd-mod-openssl", true),
        new("gnutls", ["/usr/bin/gnutls-serv"], "apt-get install gnutls-bin", false),
        new("python", ["/usr/bin/python3"], "apt-get install python3", false),
        new("node", ["/usr/bin/node"], "apt-get install nodejs", false),
    ];

    /// <summary>Why this server cannot run here, or null when every file it needs exists.</summary>
    public string? Missing() =>
        Requires.FirstOrDefault(f => !File.Exists(f)) is { } missing ? $"{missing} is not installed ({Install})" : null;
}
