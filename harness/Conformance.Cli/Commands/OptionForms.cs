using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;

namespace Conformance.Cli.Commands;

/// <summary>
/// What each option takes, in words, so a parse error names the option and the expected form
/// ("--seed takes a whole number (0 to 2147483647), got 'abc'") instead of System.CommandLine's type names.
/// </summary>
internal static class OptionForms
{
    public const string AnyWholeNumber = "a whole number (0 to 2147483647)";

    private static readonly ConditionalWeakTable<Option, string> Forms = [];

    /// <summary>Records the form in words and returns the option.</summary>
    public static T Takes<T>(this T option, string form)
        where T : Option
    {
        Forms.AddOrUpdate(option, form);
        return option;
    }

    /// <summary>A whole number option bounded to [<paramref name="min"/>, <paramref name="max"/>]; out of range is an error in the same words.</summary>
    public static Option<TValue> WholeNumber<TValue>(this Option<TValue> option, int min, int max)
    {
        var form = $"a whole number ({min} to {max})";
        option.Takes(form);
        option.Validators.Add(r =>
        {
            // Parsed here, not with GetValueOrDefault: that throws when the token is not a number (reported by Rewrite instead).
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) && (value < min || value > max))
            {
                r.AddError(Message(option, form, r.Tokens.Select(t => t.Value).ToList()));
            }
        });
        return option;
    }

    /// <summary>One of a fixed set of words (validated by System.CommandLine; the message is ours).</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        option.AcceptOnlyFromAmong(values);
        return option.Takes($"one of {string.Join(", ", values)}");
    }

    /// <summary>The error in words when it concerns an option with a recorded form; null to keep System.CommandLine's message.</summary>
    public static string? Rewrite(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        if (option is null || !Forms.TryGetValue(option, out var form) || error.Message.StartsWith(option.Name, StringComparison.Ordinal))
        {
            return null;
        }

        return Message(option, form, [.. error.SymbolResult!.Tokens.Select(t => t.Value)]);
    }

    private static string Message(Option option, string form, IReadOnlyList<string> tokens) =>
        tokens.Count == 0 ? $"{option.Name} takes {form}, but no value was given" : $"{option.Name} takes {form}, got '{string.Join(' ', tokens)}'";
}
