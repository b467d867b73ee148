using Conformance.Targets;

namespace Conformance.Suites.Tests;

public sealed class ReferenceLocatorTests
{
    [Fact]
    public void Reference_implementation_is_found_next_to_the_harness_with_its_runtime_config()
    {
        var (host, dll) = ReferenceLocator.Locate();

        Assert.True(File.Exists(dll), dll);
        Assert.True(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), "runtimeconfig.json must travel with the reference dll");
        Assert.False(string.IsNullOrWhiteSpace(host));
    }
}
