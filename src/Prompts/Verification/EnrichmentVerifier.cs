using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Injection;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Output;

namespace Llama3Siem.Prompts.Verification;

/// <summary>
/// Decides what of the model's answer may stand. An IOC must occur (after refanging) in the incident's own
/// events, and its evidence is recomputed from them rather than taken from the model's citations; a technique
/// must exist in ATT&amp;CK and not be revoked; a mitigation must be a control that the mapping gives for the
/// incident's verified techniques. Everything else is dropped and counted.
/// </summary>
public sealed class EnrichmentVerifier(ThreatKnowledge knowledge)
{
    private readonly MitigationPlanner _planner = new(knowledge);

    public static EnrichmentVerifier Default { get; } = new(ThreatKnowledge.BuiltIn);

    /// <param name="eventRefs">The prompt's event references (<c>e1</c> -> event id), which the model cites.</param>
    public VerifiedEnrichment Verify(IncidentFindings findings, ModelEnrichment output, IReadOnlyDictionary<string, string> eventRefs)
    {
        ArgumentNullException.ThrowIfNull(eventRefs);
        var (iocs, iocsDropped) = VerifyIocs(findings, output.Iocs);
        var (techniques, techniquesDropped) = VerifyTechniques(findings, output.Techniques, eventRefs);
        var (mitigations, mitigationsDropped) = VerifyMitigations(techniques, output.Mitigations);

        // The model may raise the severity it sees in the events, never lower it below what the rules found.
        var severity = SeverityNames.TryParse(output.Severity, out var proposed) && proposed > findings.Severity
            ? proposed
            : findings.Severity;

        return new VerifiedEnrichment(
            output.Summary.Trim(),
            severity,
            Math.Clamp(double.IsFinite(output.Confidence) ? output.Confidence : 0, 0, 1),
            iocs,
            techniques,
            mitigations,
            new VerificationCounts { IocsDropped = iocsDropped, TechniquesDropped = techniquesDropped, MitigationsDropped = mitigationsDropped });
    }

    private (IReadOnlyList<IncidentIoc> Kept, int Dropped) VerifyIocs(IncidentFindings findings, IReadOnlyList<ModelIoc> claimed)
    {
        var kept = findings.Iocs.ToList();
        var known = kept.Select(i => (i.Type, i.Value)).ToHashSet();
        var dropped = 0;
        foreach (var claim in claimed)
        {
            if (!IocTypeNames.TryParse(claim.Type, out var type) || !IocNormalizer.TryNormalize(type, claim.Value, out var value))
            {
                dropped++;
                continue;
            }

            if (known.Contains((type.ToName(), value)))
            {
                continue;
            }

            var evidence = findings.Incident.Events
                .Where(e => IncidentAnalyzer.TextsOf(e).Any(text => EvidenceText.Occurs(Defanging.Refang(text), value)))
                .Select(e => e.Id)
                .ToList();
            if (evidence.Count == 0)
            {
                dropped++;
                continue;
            }

            kept.Add(new IncidentIoc
            {
                Type = type.ToName(),
                Value = value,
                Internal = IocNormalizer.IsInternal(type, value),
                Injected = OccursOnlyInsideInjection(findings, value),
                Evidence = evidence,
            });
            known.Add((type.ToName(), value));
        }

        return (kept, dropped);
    }

    /// <summary>
    /// An indicator the model adds is evidence only if it occurs somewhere outside text addressed to an automated
    /// analyst; one that only an injection spells stays marked, whatever the model made of it.
    /// </summary>
    private static bool OccursOnlyInsideInjection(IncidentFindings findings, string value)
    {
        foreach (var text in findings.Incident.Events.SelectMany(IncidentAnalyzer.TextsOf))
        {
            if (!EvidenceText.Occurs(Defanging.Refang(text), value))
            {
                continue;
            }

            var spans = InjectionDetector.Default.Scan(text);
            if (spans.Count == 0 || EvidenceText.Occurs(Defanging.Refang(TextEvidence.Blank(text, spans)), value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A technique the rules did not find stands only if it exists, is not revoked, and cites at least one event
    /// of the incident that was in the prompt; those events become its evidence.
    /// </summary>
    private (IReadOnlyList<IncidentTechnique> Kept, int Dropped) VerifyTechniques(
        IncidentFindings findings, IReadOnlyList<ModelTechnique> claimed, IReadOnlyDictionary<string, string> eventRefs)
    {
        var kept = findings.Techniques
            .Select(t => IncidentTechnique.Detected(t, knowledge.TryGetTechnique(t.TechniqueId, out var technique) ? technique.Name : null))
            .ToList();
        var dropped = 0;
        foreach (var claim in claimed)
        {
            if (!knowledge.TryGetActiveTechnique(claim.Id, out var technique))
            {
                dropped++;
                continue;
            }

            if (kept.Any(k => k.Id == technique.Id))
            {
                continue;
            }

            var evidence = claim.Events
                .Select(reference => eventRefs.GetValueOrDefault(reference.Trim()))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (evidence.Count == 0)
            {
                dropped++;
                continue;
            }

            kept.Add(new IncidentTechnique { Id = technique.Id, Name = technique.Name, Source = TechniqueSources.Model, Evidence = evidence });
        }

        return (kept, dropped);
    }

    private (IReadOnlyList<IncidentMitigation> Kept, int Dropped) VerifyMitigations(
        IReadOnlyList<IncidentTechnique> techniques,
        IReadOnlyList<ModelMitigation> claimed)
    {
        var plan = _planner.Plan(techniques.Select(t => t.Id));
        var planned = plan.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var rationales = new Dictionary<string, string>(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var claim in claimed)
        {
            if (!ControlIds.TryNormalize(claim.Id, out var id))
            {
                dropped++;
                continue;
            }

            // The mapping lists base controls: an enhancement the model names counts for its base control.
            var target = planned.Contains(id) ? id : ControlIds.BaseOf(id);
            if (!planned.Contains(target))
            {
                dropped++;
                continue;
            }

            if (!string.IsNullOrWhiteSpace(claim.Rationale))
            {
                rationales.TryAdd(target, claim.Rationale.Trim());
            }
        }

        var kept = plan.Select(m => rationales.TryGetValue(m.Id, out var rationale) ? m with { Rationale = rationale } : m).ToList();
        return (kept, dropped);
    }
}
