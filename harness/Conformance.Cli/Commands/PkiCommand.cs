using System.CommandLine;
using System.Net;
using Conformance.Model;
using Conformance.Pki;

namespace Conformance.Cli.Commands;

/// <summary><c>conformance pki create --out DIR</c>: a CA and a server leaf for users setting up their own implementation.</summary>
internal static class PkiCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var outDir = new Option<string>("--out") { Description = "Folder to write ca.crt, ca.key, tls.crt, tls.key into (must not already hold them).", Required = true }.Takes("a folder path");
        var dns = new Option<string[]>("--dns") { Description = "DNS SANs of the server leaf (repeatable).", DefaultValueFactory = _ => ["localhost"], AllowMultipleArgumentsPerToken = true }.Takes("DNS names");
        var ip = new Option<string[]>("--ip") { Description = "IP SANs of the server leaf (repeatable).", DefaultValueFactory = _ => ["127.0.0.1"], AllowMultipleArgumentsPerToken = true }.Takes("IP addresses");
        var selfSigned = new Option<bool>("--self-signed") { Description = "Make a self-signed leaf that is its own trust anchor (no CA)." };
        var eku = new Option<string>("--eku") { Description = "server|client|server-client|none", DefaultValueFactory = _ => "server" }.OneOf("server", "client", "server-client", "none");
        var key = new Option<string>("--key") { Description = "rsa-2048|rsa-4096|ecdsa-p256|ecdsa-p384", DefaultValueFactory = _ => "ecdsa-p256" }.OneOf("rsa-2048", "rsa-4096", "ecdsa-p256", "ecdsa-p384");
        var create = new Command("create", "Create a test CA and server certificate (keys written 0600).") { outDir, dns, ip, selfSigned, eku, key };
        create.SetAction(parse =>
        {
            var dir = parse.GetValue(outDir)!;
            var ips = parse.GetValue(ip)!;
            if (ips.FirstOrDefault(a => !IPAddress.TryParse(a, out _)) is { } bad)
            {
                error.WriteLine($"error: --ip {bad}: not an IP address");
                return ExitCodes.BadUsage;
            }

            string[] files = ["ca.crt", "ca.key", "tls.crt", "tls.key"];
            if (files.Select(f => Path.Combine(dir, f)).FirstOrDefault(File.Exists) is { } existing)
            {
                error.WriteLine($"error: --out {dir}: {existing} already exists; refusing to overwrite it");
                return ExitCodes.BadUsage;
            }

            Directory.CreateDirectory(dir);
            var spec = new LeafSpecBuilder()
                .WithCommonName(parse.GetValue(dns)!.FirstOrDefault() ?? "localhost")
                .WithDnsNames(parse.GetValue(dns)!)
                .WithIpAddresses(ips)
                .WithEku(parse.GetValue(eku) switch { "client" => EkuSpec.ClientAuth, "server-client" => EkuSpec.ServerAndClientAuth, "none" => EkuSpec.None, _ => EkuSpec.ServerAuth })
                .WithKey(parse.GetValue(key) switch { "rsa-2048" => KeySpec.Rsa2048, "rsa-4096" => KeySpec.Rsa4096, "ecdsa-p384" => KeySpec.EcdsaP384, _ => KeySpec.EcdsaP256 })
                .WithValidity(TimeSpan.FromMinutes(-5), TimeSpan.FromDays(90))
                .Build();
            if (parse.GetValue(selfSigned))
            {
                using var leaf = CertificateAuthority.SelfSignedLeaf(spec);
                PemWriter.WriteCertificates(Path.Combine(dir, "tls.crt"), [leaf.Certificate]);
                PemWriter.WritePrivateKey(Path.Combine(dir, "tls.key"), leaf.Certificate);
                output.WriteLine($"wrote {Path.Combine(dir, "tls.crt")} (self-signed: trust it directly) and {Path.Combine(dir, "tls.key")} (0600)");
                return ExitCodes.Conformant;
            }

            using var ca = CertificateAuthority.CreateRoot("Conformance user CA");
            using var issued = ca.Issue(spec);
            PemWriter.WriteCertificates(Path.Combine(dir, "ca.crt"), [ca.Certificate]);
            PemWriter.WritePrivateKey(Path.Combine(dir, "ca.key"), ca.Certificate);
            PemWriter.WriteCertificates(Path.Combine(dir, "tls.crt"), issued.ServedChain);
            PemWriter.WritePrivateKey(Path.Combine(dir, "tls.key"), issued.Certificate);
            output.WriteLine($"wrote ca.crt, ca.key (0600), tls.crt, tls.key (0600) in {dir}; SANs: {string.Join(", ", spec.DnsNames.Concat(spec.IpAddresses))}");
            return ExitCodes.Conformant;
        });
        var pki = new Command("pki", "Create test certificates.");
        pki.Subcommands.Add(create);
        return pki;
    }
}
