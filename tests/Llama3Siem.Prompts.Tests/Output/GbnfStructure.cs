using System.Text;

namespace Llama3Siem.Prompts.Tests.Output;

/// <summary>
/// A small reader of GBNF text, enough to check what llama.cpp would crash on (undefined rules, bad names)
/// and whether the language is finite (no unbounded repetition, no recursion), without loading native code.
/// </summary>
internal sealed class GbnfStructure
{
    private GbnfStructure(Dictionary<string, List<string>> references, List<string> unboundedRepetitions, List<string> syntaxErrors)
    {
        References = references;
        UnboundedRepetitions = unboundedRepetitions;
        SyntaxErrors = syntaxErrors;
    }

    /// <summary>Each defined rule with the rule names its body references, in definition order.</summary>
    public IReadOnlyDictionary<string, List<string>> References { get; }

    /// <summary>Rules using <c>*</c>, <c>+</c> or an open <c>{m,}</c>.</summary>
    public IReadOnlyList<string> UnboundedRepetitions { get; }

    public IReadOnlyList<string> SyntaxErrors { get; }

    public static GbnfStructure Read(string text)
    {
        var references = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unbounded = new List<string>();
        var errors = new List<string>();
        string? current = null;
        var position = 0;

        while (position < text.Length)
        {
            var c = text[position];
            if (c == '#')
            {
                while (position < text.Length && text[position] != '\n')
                {
                    position++;
                }
            }
            else if (char.IsWhiteSpace(c) || c is '|' or '(' or ')' or '?')
            {
                position++;
            }
            else if (c is '*' or '+')
            {
                unbounded.Add(current ?? "?");
                position++;
            }
            else if (c == '"')
            {
                position = SkipQuoted(text, position, '"', errors);
            }
            else if (c == '[')
            {
                position = SkipQuoted(text, position, ']', errors);
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', position);
                var bounds = end < 0 ? "" : text[(position + 1)..end];
                var parts = bounds.Split(',');
                if (end < 0 || parts.Length > 2 || parts.Any(p => p.Length > 0 && !p.All(char.IsAsciiDigit)) || parts[0].Length == 0)
                {
                    errors.Add($"bad repetition in rule {current}");
                }
                else if (parts.Length == 2 && parts[1].Length == 0)
                {
                    unbounded.Add(current ?? "?");
                }

                position = end < 0 ? text.Length : end + 1;
            }
            else if (IsNameChar(c))
            {
                var start = position;
                while (position < text.Length && IsNameChar(text[position]))
                {
                    position++;
                }

                var name = text[start..position];
                var afterName = position;
                while (afterName < text.Length && text[afterName] is ' ' or '\t')
                {
                    afterName++;
                }

                if (string.CompareOrdinal(text, afterName, "::=", 0, 3) == 0)
                {
                    if (!references.TryAdd(name, []))
                    {
                        errors.Add($"rule {name} is defined twice");
                    }

                    current = name;
                    position = afterName + 3;
                }
                else if (current is null)
                {
                    errors.Add($"reference {name} before any rule");
                }
                else
                {
                    references[current].Add(name);
                }
            }
            else
            {
                errors.Add($"unexpected character U+{(int)c:X4} in rule {current}");
                position++;
            }
        }

        return new GbnfStructure(references, unbounded, errors);
    }

    /// <summary>Rules that can reach themselves, which would make the language infinite.</summary>
    public IEnumerable<string> RecursiveRules()
    {
        foreach (var rule in References.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(References[rule]);
            while (pending.Count > 0)
            {
                var next = pending.Pop();
                if (next == rule)
                {
                    yield return rule;
                    break;
                }

                if (seen.Add(next) && References.TryGetValue(next, out var further))
                {
                    foreach (var name in further)
                    {
                        pending.Push(name);
                    }
                }
            }
        }
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static int SkipQuoted(string text, int start, char close, List<string> errors)
    {
        var position = start + 1;
        while (position < text.Length && text[position] != close)
        {
            if (text[position] == '\n')
            {
                errors.Add($"unterminated literal at offset {start}");
                return position;
            }

            position += text[position] == '\\' ? 2 : 1;
        }

        if (position >= text.Length)
        {
            errors.Add($"unterminated literal at offset {start}");
        }

        return position + 1;
    }
}
