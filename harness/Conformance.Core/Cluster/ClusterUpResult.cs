namespace Conformance.Cluster;

/// <summary>What <c>conformance cluster up</c> did.</summary>
/// <param name="Created">True when the cluster was created now; false when an existing one was reused.</param>
/// <param name="LoadedImages">The images loaded into the nodes.</param>
/// <param name="Elapsed">Wall time of the whole operation.</param>
public sealed record ClusterUpResult(bool Created, IReadOnlyList<string> LoadedImages, TimeSpan Elapsed);
