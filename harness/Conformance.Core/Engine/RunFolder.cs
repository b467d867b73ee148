namespace Conformance.Engine;

/// <summary>The run's own folder (0700, removed after the run) as a scenario sees it: where it may write inputs and find log files.</summary>
public sealed class RunFolder(string path)
{
    public string Path { get; } = path;

    /// <summary>The path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);
}
