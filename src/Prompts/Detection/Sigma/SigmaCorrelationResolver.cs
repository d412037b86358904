namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Binds correlation references to rules over one whole collection (<see cref="SigmaLoadResult.Combine"/>). A
/// reference is a rule's <c>name</c> or <c>id</c>, and must name exactly one rule. References to other correlations
/// (chains) are refused: a correlation's output is not an event with a time and fields, and giving it one is a
/// semantics of its own that no rule here needs yet.
/// </summary>
internal static class SigmaCorrelationResolver
{
    public static SigmaLoadResult Resolve(IReadOnlyList<SigmaRule> rules, IReadOnlyList<SigmaCorrelationRule> correlations, List<SigmaSkippedRule> skipped)
    {
        var handles = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            AddHandles(handles, rule, rule.Name, rule.Id);
        }

        foreach (var correlation in correlations)
        {
            AddHandles(handles, correlation, correlation.Name, correlation.Id);
        }

        var bound = new List<SigmaCorrelationRule>();
        foreach (var correlation in correlations)
        {
            try
            {
                bound.Add(Bind(correlation, handles));
            }
            catch (SigmaRuleException e)
            {
                skipped.Add(new SigmaSkippedRule(correlation.Source ?? correlation.Title, e.Reason, $"correlation '{correlation.Title}': {e.Message}"));
            }
        }

        // Each rule's flag is set from this collection alone, so resolving again never keeps a stale one.
        var silenced = bound.Where(c => !c.Generate).SelectMany(c => c.Rules).ToHashSet();
        var renewed = rules.ToDictionary(rule => rule, rule => rule.WithReportsOnItsOwn(!silenced.Contains(rule)));
        return new SigmaLoadResult(rules.Select(rule => renewed[rule]).ToList(), skipped)
        {
            Correlations = bound.Select(c => c with { Rules = c.Rules.Select(rule => renewed[rule]).ToList() }).ToList(),
        };
    }

    private static void AddHandles(Dictionary<string, List<object>> handles, object rule, params string?[] names)
    {
        foreach (var name in names.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!handles.TryGetValue(name, out var list))
            {
                list = [];
                handles[name] = list;
            }

            list.Add(rule);
        }
    }

    private static SigmaCorrelationRule Bind(SigmaCorrelationRule correlation, Dictionary<string, List<object>> handles)
    {
        var rules = correlation.RuleReferences.Select(reference => handles.GetValueOrDefault(reference) switch
        {
            null => throw new SigmaRuleException(SigmaSkipReasons.CorrelationUnknownRule, $"no rule has the name or id '{reference}'"),
            [SigmaRule rule] => rule,
            [SigmaCorrelationRule] => throw new SigmaRuleException(SigmaSkipReasons.UnsupportedCorrelation + ":chain", $"'{reference}' is a correlation rule"),
            var several => throw new SigmaRuleException(SigmaSkipReasons.CorrelationAmbiguousRule, $"{several.Count} rules have the name or id '{reference}'"),
        }).ToList();

        var aliasFields = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var (alias, fieldByRule) in correlation.Aliases)
        {
            var fields = new string?[rules.Count];
            foreach (var (reference, field) in fieldByRule)
            {
                var index = IndexOf(correlation.RuleReferences, rules, reference);
                if (index < 0)
                {
                    throw new SigmaRuleException(SigmaSkipReasons.CorrelationUnknownRule, $"alias '{alias}' names '{reference}', which is not among the correlation's rules");
                }

                fields[index] = field;
            }

            aliasFields[alias] = fields;
        }

        return correlation with { Rules = rules, AliasFields = aliasFields };
    }

    /// <summary>The position of the referenced rule that <paramref name="reference"/> names: as written, or by its name or id.</summary>
    private static int IndexOf(IReadOnlyList<string> references, List<SigmaRule> rules, string reference)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (references[i] == reference || rules[i].Name == reference || rules[i].Id == reference)
            {
                return i;
            }
        }

        return -1;
    }
}
