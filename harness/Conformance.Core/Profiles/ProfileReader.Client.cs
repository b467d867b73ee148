using Conformance.Pki;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary><c>endpoints.NAME.client</c>: the client identity the implementation trusts, checked file by file.</summary>
internal sealed partial class ProfileReader
{
    private ClientIdentitySpec? ReadClientIdentity(YamlNode keyNode, YamlNode node, string field, ClientAuth? clientAuth, PlaintextMode? plaintext)
    {
        if (!IsMapping(node, field, out var map))
        {
            return null;
        }

        var keys = Keys(map, field, keyNode);
        // cert and key are required by the schema: the walker reports them missing.
        string? File(string key, string example)
        {
            if (!keys.TryGetValue(key, out var e))
            {
                return null;
            }

            return Required(e.Value, $"{field}.{key}", $"a PEM file, relative to the profile (e.g. {example})") is { } text ? RelativeToProfile(e.Value, text) : null;
        }

        var cert = File("cert", "cert: client.pem");
        var key = File("key", "key: client.key");
        var ca = File("ca", "ca: client-ca.pem");
        var caKey = File("caKey", "caKey: client-ca.key");
        if (caKey is not null && ca is null && keys.TryGetValue("caKey", out var ck))
        {
            Error(ck.Key, $"{field}.caKey", "caKey needs ca: the client CA certificate it belongs to");
        }

        if ((clientAuth ?? ClientAuth.None) == ClientAuth.None || (plaintext ?? PlaintextMode.Refused) != PlaintextMode.Refused)
        {
            Error(keyNode, field, "client: names the client certificate a TLS endpoint with clientAuth optional or required trusts; this endpoint asks for none");
        }

        if (cert is null || key is null)
        {
            return null;
        }

        var spec = new ClientIdentitySpec(cert, key, ca, ca is null ? null : caKey);
        foreach (var (k, message) in ClientIdentity.Problems(spec))
        {
            Error(keys.TryGetValue(k, out var at) ? at.Value : keyNode, $"{field}.{k}", message);
        }

        return spec;
    }
}
