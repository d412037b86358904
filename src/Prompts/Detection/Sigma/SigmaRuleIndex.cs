namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A logsource group's rules by their literal requirements (<see cref="SigmaExpression.Requirements"/>): an
/// event is evaluated only against the rules whose chosen requirements it meets, plus the rules that have
/// none. Requirements are necessary conditions, so a rule left out cannot match: the index never changes a
/// result, only how many rules are evaluated.
/// </summary>
/// <remarks>
/// <para>
/// A rule is indexed by its two cheapest requirements, each in a slot of its own: slot s of rule r is bit
/// <c>64 * words * s + r</c> of the marks, and a rule is a candidate when both slots are marked. Two, because many
/// rules pair a common requirement (the image is powershell.exe) with a rarer one (the command line holds one
/// of these cmdlets), and either alone lets through events the pair would not. A rule with one requirement
/// has its second slot marked in advance, a rule with none both.
/// </para>
/// <para>
/// Resolving a field the event lacks costs more than looking its values up, and a group may index dozens of
/// fields (Security: one per kind of event). So the first slot holds the requirement on the fields more
/// rules use (EventID, Image), those fields are looked up first, and a field only second requirements use is
/// resolved only while some rule that needs it still has its first slot marked.
/// </para>
/// </remarks>
internal sealed class SigmaRuleIndex
{
    private const int Slots = 2;

    private readonly int words;
    private readonly ulong[] premarked;
    private readonly IndexedField[] firstFields;
    private readonly IndexedField[] secondFields;

    /// <param name="detections">The group's rules in order; a rule is named by its position here.</param>
    public SigmaRuleIndex(IReadOnlyList<SigmaExpression> detections)
    {
        words = SigmaCandidates.Words(detections.Count);
        premarked = new ulong[MarkWords];
        var chosen = detections.Select(d => d.Requirements().OrderBy(r => r.Cost).Take(Slots).ToList()).ToList();
        var rulesByField = chosen.SelectMany(requirements => requirements.SelectMany(r => r.AnyOf).Select(l => l.Field).Distinct())
            .CountBy(field => field, StringComparer.Ordinal)
            .ToDictionary(StringComparer.Ordinal);

        var tests = new Dictionary<string, List<(SigmaFieldLiteral, int)>>(StringComparer.Ordinal);
        var secondOnly = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        var first = new HashSet<string>(StringComparer.Ordinal);
        for (var rule = 0; rule < chosen.Count; rule++)
        {
            // A requirement is as common as the least used of its fields.
            var slots = chosen[rule].OrderByDescending(r => r.AnyOf.Select(l => rulesByField[l.Field]).DefaultIfEmpty().Min()).ToList();
            IndexedCount += slots.Count > 0 ? 1 : 0;
            for (var slot = 0; slot < Slots; slot++)
            {
                var id = slot * words * 64 + rule;
                if (slot >= slots.Count)
                {
                    premarked[id >> 6] |= 1UL << id;
                    continue;
                }

                foreach (var literal in slots[slot].AnyOf)
                {
                    if (!tests.TryGetValue(literal.Field, out var list))
                    {
                        list = [];
                        tests[literal.Field] = list;
                    }

                    list.Add((literal, id));
                    if (slot == 0)
                    {
                        first.Add(literal.Field);
                    }
                    else
                    {
                        if (!secondOnly.TryGetValue(literal.Field, out var needed))
                        {
                            needed = new ulong[words];
                            secondOnly[literal.Field] = needed;
                        }

                        needed[rule >> 6] |= 1UL << rule;
                    }
                }
            }
        }

        firstFields = [.. tests.Where(t => first.Contains(t.Key)).Select(t => new IndexedField(t.Key, new SigmaLiteralTable(t.Value), null))];
        secondFields = [.. tests.Where(t => !first.Contains(t.Key)).Select(t => new IndexedField(t.Key, new SigmaLiteralTable(t.Value), secondOnly[t.Key]))];
    }

    /// <summary>Rules with a requirement; the rest are evaluated on every event of the group.</summary>
    public int IndexedCount { get; }

    /// <summary>The length of the marks <see cref="MarkCandidates"/> works in.</summary>
    public int MarkWords => words * Slots;

    /// <summary>
    /// Sets in <paramref name="candidates"/> (one bit per rule) the rules the event may match, using
    /// <paramref name="marks"/> (<see cref="MarkWords"/> long) as scratch. The fields looked up are resolved
    /// once, into the view the rules then read.
    /// </summary>
    public void MarkCandidates(SigmaEventView view, Span<ulong> marks, Span<ulong> candidates)
    {
        premarked.CopyTo(marks);
        foreach (var field in firstFields)
        {
            field.Mark(view, marks);
        }

        foreach (var field in secondFields)
        {
            if (SigmaCandidates.Intersects(marks[..words], field.NeededBy!))
            {
                field.Mark(view, marks);
            }
        }

        for (var word = 0; word < words; word++)
        {
            candidates[word] = marks[word] & marks[words + word];
        }
    }

    /// <param name="NeededBy">For a field only second requirements use, the rules that use it.</param>
    private sealed record IndexedField(string Name, SigmaLiteralTable Table, ulong[]? NeededBy)
    {
        public void Mark(SigmaEventView view, Span<ulong> marks)
        {
            // The empty field is a keyword's: any original field of the event, as SigmaKeyword reads them.
            if (Name.Length == 0)
            {
                foreach (var value in view.Event.Fields.Values)
                {
                    Table.Mark(value, marks);
                }

                return;
            }

            foreach (var value in view.Values(Name))
            {
                Table.Mark(value, marks);
            }
        }
    }
}
