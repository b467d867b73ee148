using System.Text.Json.Serialization;

namespace Conformance.Evidence;

/// <summary>Base of every piece of evidence. Evidence is data; reports render it later. It never holds a private key.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NoteEvidence), "note")]
[JsonDerivedType(typeof(HandshakeEvidence), "handshake")]
[JsonDerivedType(typeof(PlaintextEvidence), "plaintext")]
[JsonDerivedType(typeof(HttpExchangeEvidence), "http")]
[JsonDerivedType(typeof(PolicyEvidence), "policy")]
[JsonDerivedType(typeof(PortEvidence), "port")]
[JsonDerivedType(typeof(VersionEvidence), "version")]
[JsonDerivedType(typeof(GrpcEvidence), "grpc")]
[JsonDerivedType(typeof(StartAttemptEvidence), "start-attempt")]
[JsonDerivedType(typeof(ActionEvidence), "action")]
[JsonDerivedType(typeof(LogLinesEvidence), "log-lines")]
[JsonDerivedType(typeof(LoadEvidence), "load")]
public abstract record EvidenceItem;
