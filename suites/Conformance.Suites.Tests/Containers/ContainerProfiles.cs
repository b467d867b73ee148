using Conformance.Pki;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Containers;

/// <summary>Variants of the shipped container profiles written to a temp folder under a unique name (the container's name follows it).</summary>
internal static class ContainerProfiles
{
    /// <summary>Writes <paramref name="shipped"/> with its name made unique and <paramref name="edit"/> applied; returns the path and the name.</summary>
    public static (string Path, string Name) Write(RunWorkspace folder, string shipped, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(RepoPaths.Profile(shipped));
        var original = System.Text.RegularExpressions.Regex.Match(text, @"(?m)^name: (\S+)").Groups[1].Value;
        var name = $"t{Guid.NewGuid():N}"[..13];
        text = text.Replace($"name: {original}", $"name: {name}", StringComparison.Ordinal)
            .Replace("../nginx/", Path.Combine(RepoPaths.Root, "fixtures", "nginx") + "/", StringComparison.Ordinal);
        text = edit?.Invoke(text) ?? text;
        var path = folder.File($"{name}.yaml");
        File.WriteAllText(path, text);
        return (path, name);
    }
}
