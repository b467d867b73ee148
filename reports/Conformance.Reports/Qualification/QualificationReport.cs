using System.Text;

namespace Conformance.Reports.Qualification;

/// <summary>Writes the qualification report into one folder: matrix.html, matrix.json, matrix.md.</summary>
public static class QualificationReport
{
    public const string Html = "matrix.html";
    public const string Json = "matrix.json";
    public const string Markdown = "matrix.md";

    /// <summary>The folder name prefix of a qualification report inside a <c>--out</c> folder of runs.</summary>
    public const string FolderPrefix = "qualification-";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteAsync(QualificationMatrix matrix, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        (string Name, string Text)[] files = [(Json, MatrixJson.Serialize(matrix)), (Markdown, MatrixMarkdown.Render(matrix)), (Html, MatrixHtml.Render(matrix))];
        if (files.Any(f => ReportSafety.ContainsPrivateKeyMaterial(f.Text)))
        {
            throw new InvalidOperationException("refusing to write the qualification report: it would contain private key material (a PEM private key block); nothing was written");
        }

        Directory.CreateDirectory(directory);
        foreach (var (name, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name), text, Utf8NoBom, cancellationToken);
        }
    }
}
