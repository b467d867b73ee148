using Conformance.Profiles;

namespace Conformance.Tests.Support;

/// <summary>
/// The smallest profile that starts the reference server on a harness-allocated port with the run's PKI: engine tests
/// that need a real target but no claims build on it.
/// </summary>
internal static class ReferenceProfiles
{
    public static Profile Minimal(string name) => new()
    {
        Name = name,
        Target = new TargetSpec
        {
            Kind = TargetKind.Process,
            Command = "{reference}",
            Args = ["--https", "{port:https}", "--cert", "{pki:cert}", "--key", "{pki:key}"],
            Ready = new ReadySpec("{port:https}", TimeSpan.FromSeconds(20)),
        },
        Endpoints = [new EndpointSpec { Name = "https", Port = "{port:https}", ServerName = "localhost" }],
    };
}
