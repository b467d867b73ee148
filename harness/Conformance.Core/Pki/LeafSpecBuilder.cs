
namespace Conformance.Pki;

/// <summary>Builds a <see cref="LeafSpec"/>: <c>new LeafSpecBuilder().WithDnsNames("a").WithEku(EkuSpec.ClientAuth).Build()</c>.</summary>
public sealed class LeafSpecBuilder
{
    private string _commonName = "localhost";
    private IReadOnlyList<string> _dns = [];
    private IReadOnlyList<string> _ips = [];
    private EkuSpec _eku = EkuSpec.ServerAuth;
    private KeySpec _key = KeySpec.EcdsaP256;
    private TimeSpan _notBeforeOffset = TimeSpan.FromMinutes(-5);
    private TimeSpan _lifetime = TimeSpan.FromDays(30);
    private bool _omitSans;

    public LeafSpecBuilder WithCommonName(string commonName)
    {
        _commonName = commonName;
        return this;
    }

    public LeafSpecBuilder WithDnsNames(params IEnumerable<string> names)
    {
        _dns = [.. names];
        return this;
    }

    public LeafSpecBuilder WithIpAddresses(params IEnumerable<string> addresses)
    {
        _ips = [.. addresses];
        return this;
    }

    public LeafSpecBuilder WithEku(EkuSpec eku)
    {
        _eku = eku;
        return this;
    }

    public LeafSpecBuilder WithKey(KeySpec key)
    {
        _key = key;
        return this;
    }

    /// <summary>Validity relative to now: starts at <paramref name="notBeforeOffset"/> and lasts <paramref name="lifetime"/>.</summary>
    public LeafSpecBuilder WithValidity(TimeSpan notBeforeOffset, TimeSpan lifetime)
    {
        _notBeforeOffset = notBeforeOffset;
        _lifetime = lifetime;
        return this;
    }

    /// <summary>A certificate that expired an hour ago.</summary>
    public LeafSpecBuilder Expired() => WithValidity(TimeSpan.FromDays(-30), TimeSpan.FromDays(30) - TimeSpan.FromHours(1));

    /// <summary>A certificate that becomes valid tomorrow.</summary>
    public LeafSpecBuilder NotYetValid() => WithValidity(TimeSpan.FromDays(1), TimeSpan.FromDays(30));

    /// <summary>No subjectAltName extension at all: only the CN carries a name (clients must not rely on it).</summary>
    public LeafSpecBuilder WithoutSubjectAlternativeNames()
    {
        _omitSans = true;
        return this;
    }

    public LeafSpec Build() => new(_commonName, _dns, _ips, _eku, _key, _notBeforeOffset, _lifetime, _omitSans);
}
