namespace Conformance.Inputs;

/// <summary>What a path names, from <c>stat(2)</c>: decided before opening, since opening a FIFO blocks until a writer comes.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    Inaccessible,
    Unknown,
}
