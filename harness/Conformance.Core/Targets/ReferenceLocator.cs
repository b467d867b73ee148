using Conformance.Model;

namespace Conformance.Targets;

/// <summary>
/// Finds the embedded reference implementation (<c>ReferenceServer.dll</c>, copied next to the harness by the
/// project reference) and says how to start it: the dotnet host, then the dll.
/// </summary>
public static class ReferenceLocator
{
    public static (string FileName, string Dll) Locate()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ReferenceServer.dll");
        if (!File.Exists(dll))
        {
            throw new TargetException($"the reference implementation is not next to the harness ({dll} is missing); build the solution first");
        }

        return (DotnetHost(), dll);
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return process;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }

        return "dotnet";
    }
}
