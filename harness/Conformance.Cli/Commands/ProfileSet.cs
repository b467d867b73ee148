namespace Conformance.Cli.Commands;

/// <summary>
/// The profiles <c>run --profile</c> names: each value is a file, a folder (its <c>*.yaml</c>, not recursive, sorted) or a
/// glob whose wildcards (<c>*</c>, <c>?</c>) are in the file name only (<c>fixtures/profiles/mutants/San*.yaml</c>).
/// </summary>
internal static class ProfileSet
{
    /// <summary>
    /// The profile files, in the order given (a folder's and a glob's sorted by name); <c>Many</c> when they make a
    /// qualification (more than one value, or any folder or glob). A folder or glob that names nothing is an error.
    /// </summary>
    public static (IReadOnlyList<string> Paths, bool Many, string? Error) Expand(IReadOnlyList<string> values)
    {
        var paths = new List<string>();
        var many = values.Count > 1;
        foreach (var value in values)
        {
            if (value == "-")
            {
                if (values.Count > 1)
                {
                    return ([], false, "- (standard input) can only be the one profile of a run");
                }

                paths.Add(value);
                continue;
            }

            var name = Path.GetFileName(value);
            if (name.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                var folder = Path.GetDirectoryName(value) is { Length: > 0 } d ? d : ".";
                if (Path.GetDirectoryName(value)?.AsSpan().IndexOfAny('*', '?') >= 0)
                {
                    return ([], false, $"{value}: wildcards are taken in the file name only, not in folders");
                }

                var matches = Directory.Exists(folder) ? Directory.GetFiles(folder, name).Order(StringComparer.Ordinal).ToList() : [];
                if (matches.Count == 0)
                {
                    return ([], false, $"{value}: matches no file");
                }

                paths.AddRange(matches);
                many = true;
            }
            else if (Directory.Exists(value))
            {
                var matches = Directory.GetFiles(value, "*.yaml").Order(StringComparer.Ordinal).ToList();
                if (matches.Count == 0)
                {
                    return ([], false, $"{value}: a folder with no *.yaml profile");
                }

                paths.AddRange(matches);
                many = true;
            }
            else
            {
                // A missing file is the run's own one-line error (file:line when it exists), as for a single profile.
                paths.Add(value);
            }
        }

        return (paths, many, null);
    }
}
