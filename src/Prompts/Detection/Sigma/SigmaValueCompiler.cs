using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>One value of one field condition, with the field's modifiers, to an evaluator.</summary>
internal static class SigmaValueCompiler
{
    // Only utf16 writes a byte-order mark (little endian, as Windows does); the framework's Encoding.Unicode
    // and Encoding.UTF8 would prepend one too, so the encodings are spelled out.
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private static readonly Encoding Utf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Utf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
    private static readonly Encoding Utf16WithBom = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);

    /// <param name="field">The Sigma field name; empty for a keyword.</param>
    /// <param name="value">The value as written; null for YAML null.</param>
    public static SigmaExpression Compile(string field, string? value, SigmaModifiers modifiers)
    {
        if (modifiers.Kind == SigmaValueKind.Exists)
        {
            return field.Length > 0 && bool.TryParse(value, out var expected)
                ? new SigmaFieldExists(field, expected)
                : throw Unsupported("exists", "exists needs a field and true or false");
        }

        if (value is null)
        {
            return field.Length > 0 ? new SigmaFieldEmpty(field) : throw Unsupported("null-keyword", "a keyword cannot be null");
        }

        if (modifiers.Kind == SigmaValueKind.FieldReference)
        {
            return field.Length > 0 && modifiers.Transforms.Count == 0
                ? new SigmaFieldReference(field, value, modifiers.Text, modifiers.Cased)
                : throw Unsupported("fieldref", "fieldref needs a field and no transformation");
        }

        var matchers = Matchers(value, modifiers, keyword: field.Length == 0);
        var conditions = matchers
            .Select(m => field.Length == 0 ? (SigmaExpression)new SigmaKeyword(m) : new SigmaFieldValue(field, m))
            .ToList();
        return conditions.Count == 1 ? conditions[0] : new SigmaAnyOf(conditions);
    }

    private static IReadOnlyList<ISigmaValueMatcher> Matchers(string value, SigmaModifiers modifiers, bool keyword)
    {
        if (modifiers.Kind != SigmaValueKind.Text && modifiers.Transforms.Count > 0)
        {
            throw new SigmaRuleException($"{SigmaSkipReasons.UnsupportedModifier}:{modifiers.Transforms[0]}",
                $"{modifiers.Transforms[0]} cannot be combined with {modifiers.Kind}");
        }

        return modifiers.Kind switch
        {
            SigmaValueKind.Regex => [Regex(value, modifiers.RegexOptions)],
            SigmaValueKind.Cidr => IPNetwork.TryParse(value, out var network)
                ? [new SigmaCidrMatcher(network)]
                : throw new SigmaRuleException(SigmaSkipReasons.InvalidCidr, $"'{value}' is not a network"),
            SigmaValueKind.Number => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit)
                ? [new SigmaNumberMatcher(modifiers.Number, limit)]
                : throw new SigmaRuleException(SigmaSkipReasons.InvalidNumber, $"'{value}' is not a number"),
            _ => TextMatchers(value, modifiers, keyword),
        };
    }

    private static ISigmaValueMatcher Regex(string pattern, RegexOptions options)
    {
        try
        {
            return new SigmaRegexMatcher(new Regex(pattern, options | RegexOptions.CultureInvariant, SigmaRegexMatcher.MatchTimeout));
        }
        catch (ArgumentException e)
        {
            throw new SigmaRuleException(SigmaSkipReasons.InvalidRegex, e.Message, e);
        }
    }

    private static IReadOnlyList<ISigmaValueMatcher> TextMatchers(string value, SigmaModifiers modifiers, bool keyword)
    {
        IReadOnlyList<SigmaString> variants = [SigmaString.Parse(value)];
        Encoding? encoding = null;
        string? pendingEncoding = null;
        var cased = modifiers.Cased;
        foreach (var transform in modifiers.Transforms)
        {
            switch (transform)
            {
                case "windash":
                    variants = variants.SelectMany(v => v.WindashVariants()).ToList();
                    break;
                case "base64" or "base64offset":
                    variants = variants.SelectMany(v => Base64(v, encoding ?? Utf8, transform == "base64offset")).ToList();
                    encoding = null;
                    pendingEncoding = null;

                    // Base64 text is case-sensitive by construction: folding case would match other bytes.
                    cased = true;
                    break;
                default:
                    encoding = transform switch
                    {
                        "utf16be" => Utf16Be,
                        "utf16" => Utf16WithBom,
                        _ => Utf16Le,
                    };
                    pendingEncoding = transform;
                    break;
            }
        }

        if (pendingEncoding is not null)
        {
            throw Unsupported(pendingEncoding, $"{pendingEncoding} without a base64 modifier after it");
        }

        // A keyword is a full-text search term, so unless a modifier says otherwise it may sit anywhere in a value.
        var kind = keyword && modifiers.Text == SigmaTextMatch.Whole ? SigmaTextMatch.Contains : modifiers.Text;
        return variants.Select(v => v.ToMatcher(kind, cased)).ToList();
    }

    /// <summary>
    /// <c>base64</c>: the encoding of the value. <c>base64offset</c>: the three encodings the value has when it
    /// starts 0, 1 or 2 bytes into a longer base64 text, each cut to the characters that depend on the value
    /// alone (the leading ones mix in the bytes before it, the trailing ones the bytes after it).
    /// </summary>
    private static IEnumerable<SigmaString> Base64(SigmaString value, Encoding encoding, bool offsets)
    {
        if (value.HasWildcards)
        {
            throw new SigmaRuleException($"{SigmaSkipReasons.UnsupportedValue}:wildcard-in-base64",
                "a base64 value cannot hold wildcards");
        }

        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(value.Literal)).ToArray();
        if (!offsets)
        {
            yield return SigmaString.Plain(Convert.ToBase64String(bytes));
            yield break;
        }

        for (var shift = 0; shift < 3; shift++)
        {
            var encoded = Convert.ToBase64String(new byte[shift].Concat(bytes).ToArray());
            int[] leading = [0, 2, 3];
            int[] trailing = [0, 3, 2];
            var start = leading[shift];
            var end = encoded.Length - trailing[(bytes.Length + shift) % 3];
            if (end > start)
            {
                yield return SigmaString.Plain(encoded[start..end]);
            }
        }
    }

    private static SigmaRuleException Unsupported(string name, string message) =>
        new($"{SigmaSkipReasons.UnsupportedModifier}:{name}", message);
}
