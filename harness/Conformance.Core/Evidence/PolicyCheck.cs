namespace Conformance.Evidence;

/// <summary>
/// One check of the certificate policy. A failed check is named in <see cref="PolicyEvidence.Failed"/> so a scenario
/// can tell whose property a finding is (SAN-01 passes a name mismatch of a declared IP to SAN-03, an EKU to SAN-05)
/// without parsing the finding's words.
/// </summary>
public enum PolicyCheck
{
    /// <summary>A certificate was served at all.</summary>
    Served,

    /// <summary>The chain builds to the endpoint's trust anchors.</summary>
    Chain,

    /// <summary>A certificate's validity window holds now.</summary>
    Validity,

    /// <summary>A SAN matches the reference name.</summary>
    Name,

    /// <summary>The EKU is absent or contains the purpose required.</summary>
    Eku,

    /// <summary>The key is strong enough.</summary>
    Key,

    /// <summary>Each served certificate is issued by the next.</summary>
    Order,
}
