using System.Globalization;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A condition (<c>selection and not 1 of filter_*</c>) over the compiled searches, by recursive descent with
/// the specification's precedence: <c>not</c> binds tighter than <c>and</c>, which binds tighter than <c>or</c>.
/// Aggregations (<c>| count() &gt; 5</c>) are refused: they need state across events.
/// </summary>
internal sealed class SigmaConditionParser
{
    private readonly IReadOnlyList<string> tokens;
    private readonly IReadOnlyList<KeyValuePair<string, SigmaExpression>> searches;
    private int position;

    private SigmaConditionParser(IReadOnlyList<string> tokens, IReadOnlyList<KeyValuePair<string, SigmaExpression>> searches)
    {
        this.tokens = tokens;
        this.searches = searches;
    }

    public static SigmaExpression Parse(string condition, IReadOnlyList<KeyValuePair<string, SigmaExpression>> searches)
    {
        var parser = new SigmaConditionParser(Tokenize(condition), searches);
        var expression = parser.Or();
        return parser.position == parser.tokens.Count
            ? expression
            : throw Unsupported($"unexpected '{parser.tokens[parser.position]}' in '{condition}'");
    }

    private static List<string> Tokenize(string condition)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= condition.Length; i++)
        {
            var c = i < condition.Length ? condition[i] : ' ';
            if (c == '|')
            {
                throw Unsupported($"aggregation in '{condition}'");
            }

            var separator = char.IsWhiteSpace(c) || c is '(' or ')';
            if (separator && start >= 0)
            {
                tokens.Add(condition[start..i]);
                start = -1;
            }

            if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
            }
            else if (!separator && start < 0)
            {
                start = i;
            }
        }

        return tokens;
    }

    private SigmaExpression Or()
    {
        var parts = new List<SigmaExpression> { And() };
        while (Accept("or"))
        {
            parts.Add(And());
        }

        return parts.Count == 1 ? parts[0] : new SigmaAnyOf(parts);
    }

    private SigmaExpression And()
    {
        var parts = new List<SigmaExpression> { Not() };
        while (Accept("and"))
        {
            parts.Add(Not());
        }

        return parts.Count == 1 ? parts[0] : new SigmaAllOf(parts);
    }

    private SigmaExpression Not() => Accept("not") ? new SigmaNot(Not()) : Primary();

    private SigmaExpression Primary()
    {
        var token = Next();
        if (token == "(")
        {
            var inner = Or();
            return Next() == ")" ? inner : throw Unsupported("unbalanced parentheses");
        }

        if (position < tokens.Count && Is(tokens[position], "of"))
        {
            position++;
            return Quantified(token, Next());
        }

        return Lookup(token);
    }

    private SigmaExpression Quantified(string quantifier, string target)
    {
        var selected = Is(target, "them")
            ? searches.Where(s => !s.Key.StartsWith('_')).Select(s => s.Value).ToList()
            : searches.Where(s => NameMatches(s.Key, target)).Select(s => s.Value).ToList();
        if (selected.Count == 0)
        {
            throw new SigmaRuleException(SigmaSkipReasons.UnknownIdentifier, $"no search matches '{target}'");
        }

        if (Is(quantifier, "all"))
        {
            return selected.Count == 1 ? selected[0] : new SigmaAllOf(selected);
        }

        if (Is(quantifier, "any") || quantifier == "1")
        {
            return selected.Count == 1 ? selected[0] : new SigmaAnyOf(selected);
        }

        return int.TryParse(quantifier, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? new SigmaAtLeast(count, selected)
            : throw Unsupported($"quantifier '{quantifier}'");
    }

    private SigmaExpression Lookup(string name)
    {
        foreach (var search in searches)
        {
            if (search.Key == name)
            {
                return search.Value;
            }
        }

        throw new SigmaRuleException(SigmaSkipReasons.UnknownIdentifier, $"no search named '{name}'");
    }

    /// <summary>A search name against a pattern of the condition, where <c>*</c> is any run of characters.</summary>
    private static bool NameMatches(string name, string pattern)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return name == pattern;
        }

        var prefix = pattern[..star];
        var rest = pattern[(star + 1)..];
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = prefix.Length; i <= name.Length; i++)
        {
            if (NameMatches(name[i..], rest))
            {
                return true;
            }
        }

        return false;
    }

    private bool Accept(string keyword)
    {
        if (position < tokens.Count && Is(tokens[position], keyword))
        {
            position++;
            return true;
        }

        return false;
    }

    private string Next() => position < tokens.Count ? tokens[position++] : throw Unsupported("the condition ends too early");

    private static bool Is(string token, string keyword) => string.Equals(token, keyword, StringComparison.OrdinalIgnoreCase);

    private static SigmaRuleException Unsupported(string message) => new(SigmaSkipReasons.UnsupportedCondition, message);
}
