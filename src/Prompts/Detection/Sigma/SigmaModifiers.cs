using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// The modifiers after a field name (<c>CommandLine|windash|contains|all</c>), read once per field. Value
/// transformations (windash, base64, base64offset, utf16*) keep their written order, since
/// <c>wide|base64offset</c> and <c>base64offset|wide</c> are different encodings.
/// </summary>
internal sealed class SigmaModifiers
{
    private static readonly HashSet<string> TransformNames =
        new(["windash", "base64", "base64offset", "utf16le", "utf16be", "utf16", "wide"], StringComparer.Ordinal);

    public SigmaValueKind Kind { get; private set; } = SigmaValueKind.Text;
    public SigmaTextMatch Text { get; private set; } = SigmaTextMatch.Whole;
    public SigmaNumberComparison Number { get; private set; }
    public bool All { get; private set; }
    public bool Cased { get; private set; }
    public RegexOptions RegexOptions { get; private set; }
    public IReadOnlyList<string> Transforms => transforms;

    private readonly List<string> transforms = [];

    /// <exception cref="SigmaRuleException">A modifier this engine does not know, or two that contradict.</exception>
    public static SigmaModifiers Parse(IEnumerable<string> names)
    {
        var modifiers = new SigmaModifiers();
        foreach (var name in names)
        {
            modifiers.Add(name);
        }

        if (modifiers.RegexOptions != RegexOptions.None && modifiers.Kind != SigmaValueKind.Regex)
        {
            throw Unsupported("regex-flag-without-re");
        }

        return modifiers;
    }

    private void Add(string name)
    {
        switch (name)
        {
            case "contains": SetText(SigmaTextMatch.Contains, name); break;
            case "startswith": SetText(SigmaTextMatch.StartsWith, name); break;
            case "endswith": SetText(SigmaTextMatch.EndsWith, name); break;
            case "all": All = true; break;
            case "cased": Cased = true; break;
            case "re": SetKind(SigmaValueKind.Regex, name); break;
            case "i" or "ignorecase": RegexOptions |= RegexOptions.IgnoreCase; break;
            case "m" or "multiline": RegexOptions |= RegexOptions.Multiline; break;
            case "s" or "dotall": RegexOptions |= RegexOptions.Singleline; break;
            case "cidr": SetKind(SigmaValueKind.Cidr, name); break;
            case "exists": SetKind(SigmaValueKind.Exists, name); break;
            case "fieldref": SetKind(SigmaValueKind.FieldReference, name); break;
            case "gt": SetNumber(SigmaNumberComparison.GreaterThan, name); break;
            case "gte": SetNumber(SigmaNumberComparison.GreaterOrEqual, name); break;
            case "lt": SetNumber(SigmaNumberComparison.LessThan, name); break;
            case "lte": SetNumber(SigmaNumberComparison.LessOrEqual, name); break;
            case var transform when TransformNames.Contains(transform): transforms.Add(transform); break;
            default: throw Unsupported(name);
        }
    }

    private void SetText(SigmaTextMatch text, string name)
    {
        if (Text != SigmaTextMatch.Whole)
        {
            throw Unsupported(name);
        }

        Text = text;
    }

    private void SetNumber(SigmaNumberComparison comparison, string name)
    {
        SetKind(SigmaValueKind.Number, name);
        Number = comparison;
    }

    private void SetKind(SigmaValueKind kind, string name)
    {
        if (Kind != SigmaValueKind.Text)
        {
            throw Unsupported(name);
        }

        Kind = kind;
    }

    private static SigmaRuleException Unsupported(string name) =>
        new($"{SigmaSkipReasons.UnsupportedModifier}:{name}", $"modifier '{name}' is unknown or contradicts another");
}
