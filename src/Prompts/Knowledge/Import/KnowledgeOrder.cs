using System.Globalization;

namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>
/// The row orders of the shipped tables (tools/build-knowledge.py): techniques numerically by technique then
/// sub-technique, controls by family then number. Byte-identical output depends on these.
/// </summary>
internal static class KnowledgeOrder
{
    public static readonly Comparer<string> Techniques = Comparer<string>.Create((a, b) => TechniqueKey(a).CompareTo(TechniqueKey(b)));

    /// <summary>Orders canonical control ids; an enhancement follows its base control.</summary>
    public static readonly Comparer<string> Controls = Comparer<string>.Create((a, b) =>
    {
        var (familyA, numberA, enhancementA) = ControlKey(a);
        var (familyB, numberB, enhancementB) = ControlKey(b);
        var byFamily = string.CompareOrdinal(familyA, familyB);
        return byFamily != 0 ? byFamily : (numberA, enhancementA).CompareTo((numberB, enhancementB));
    });

    private static (int Technique, int Sub) TechniqueKey(string canonical)
    {
        var dot = canonical.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? (int.Parse(canonical.AsSpan(1), CultureInfo.InvariantCulture), -1)
            : (int.Parse(canonical.AsSpan(1, dot - 1), CultureInfo.InvariantCulture), int.Parse(canonical.AsSpan(dot + 1), CultureInfo.InvariantCulture));
    }

    private static (string Family, int Number, int Enhancement) ControlKey(string canonical)
    {
        var dash = canonical.IndexOf('-', StringComparison.Ordinal);
        var paren = canonical.IndexOf('(', StringComparison.Ordinal);
        var number = paren < 0 ? canonical.AsSpan(dash + 1) : canonical.AsSpan(dash + 1, paren - dash - 1);
        var enhancement = paren < 0 ? -1 : int.Parse(canonical.AsSpan(paren + 1, canonical.Length - paren - 2), CultureInfo.InvariantCulture);
        return (canonical[..dash], int.Parse(number, CultureInfo.InvariantCulture), enhancement);
    }
}
