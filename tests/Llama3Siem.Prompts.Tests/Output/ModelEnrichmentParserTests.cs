using Llama3Siem.Prompts.Output;

namespace Llama3Siem.Prompts.Tests.Output;

public sealed class ModelEnrichmentParserTests
{
    private const string CompactAnswer =
        """{"summary":"Brute force against admin from 203.0.113.7","severity":"high","iocs":[{"type":"ipv4","value":"203.0.113.7","events":["e1","e2"]},{"type":"domain","value":"evil.example","events":[]}],"techniques":["T1110","T1059.001"],"mitigations":[{"id":"AC-7","rationale":"Lock accounts after failed logons"},{"id":"IA-2(1)","rationale":"Require MFA"}],"confidence":0.85}""";

    [Fact]
    public void Compact_answer_in_grammar_order_parses_into_every_field()
    {
        Assert.True(ModelEnrichmentParser.TryParse(CompactAnswer, out var result, out var error), error);

        Assert.Equal("Brute force against admin from 203.0.113.7", result.Summary);
        Assert.Equal("high", result.Severity);
        Assert.Equal(2, result.Iocs.Count);
        Assert.Equal(("ipv4", "203.0.113.7"), (result.Iocs[0].Type, result.Iocs[0].Value));
        Assert.Equal(["e1", "e2"], result.Iocs[0].Events);
        Assert.Equal("domain", result.Iocs[1].Type);
        Assert.Empty(result.Iocs[1].Events);
        Assert.Equal(["T1110", "T1059.001"], result.Techniques.Select(t => t.Id));
        Assert.Equal([new ModelMitigation("AC-7", "Lock accounts after failed logons"), new ModelMitigation("IA-2(1)", "Require MFA")], result.Mitigations);
        Assert.Equal(0.85, result.Confidence);
    }

    [Fact]
    public void Techniques_carry_the_events_the_model_cites_for_them()
    {
        const string answer = """{"summary":"s","severity":"low","iocs":[],"techniques":[{"id":"T1033","events":["e2","e5"]},{"id":"T1082"}],"mitigations":[],"confidence":0.5}""";

        Assert.True(ModelEnrichmentParser.TryParse(answer, out var result, out var error), error);
        Assert.Equal([new ModelTechnique("T1033", ["e2", "e5"]).Id, "T1082"], result!.Techniques.Select(t => t.Id));
        Assert.Equal(["e2", "e5"], result.Techniques[0].Events);
        Assert.Empty(result.Techniques[1].Events);
    }

    [Fact]
    public void Pretty_printed_answer_with_surrounding_whitespace_parses()
    {
        var pretty = """

            {
              "summary" : "Port scan",
              "severity" : "low",
              "iocs" : [ ],
              "techniques" : [ "T1046" ],
              "mitigations" : [ ],
              "confidence" : 1
            }

            """;

        Assert.True(ModelEnrichmentParser.TryParse(pretty, out var result, out var error), error);
        Assert.Equal("Port scan", result.Summary);
        Assert.Equal(["T1046"], result.Techniques.Select(t => t.Id));
        Assert.Equal(1.0, result.Confidence);
    }

    [Fact]
    public void Unknown_keys_are_ignored_at_every_level()
    {
        var json = """{"note":"x","summary":"s","severity":"medium","iocs":[{"type":"url","value":"http://a.example/x","events":["e3"],"extra":{"deep":[1,2]}}],"techniques":[],"mitigations":[{"id":"SI-4","rationale":"watch","score":3}],"confidence":0.5,"trailer":null}""";

        Assert.True(ModelEnrichmentParser.TryParse(json, out var result, out var error), error);
        Assert.Equal("http://a.example/x", result.Iocs.Single().Value);
        Assert.Equal("SI-4", result.Mitigations.Single().Id);
    }

    [Fact]
    public void Escaped_characters_in_strings_are_decoded()
    {
        var json = """{"summary":"cmd \"whoami\" in C:\\tmp\t","severity":"low","iocs":[],"techniques":[],"mitigations":[],"confidence":0}""";

        Assert.True(ModelEnrichmentParser.TryParse(json, out var result, out var error), error);
        Assert.Equal("cmd \"whoami\" in C:\\tmp\t", result.Summary);
    }

    [Fact]
    public void Names_of_severity_and_ioc_type_are_normalised_to_lower_case()
    {
        var json = """{"summary":"s","severity":"CRITICAL","iocs":[{"type":"SHA256","value":"ab","events":[]}],"techniques":[],"mitigations":[],"confidence":0.9}""";

        Assert.True(ModelEnrichmentParser.TryParse(json, out var result, out var error), error);
        Assert.Equal("critical", result.Severity);
        Assert.Equal("sha256", result.Iocs.Single().Type);
    }

    [Theory]
    [InlineData("summary")]
    [InlineData("severity")]
    [InlineData("iocs")]
    [InlineData("techniques")]
    [InlineData("mitigations")]
    [InlineData("confidence")]
    public void A_missing_required_field_is_named_in_the_error(string field)
    {
        using var document = System.Text.Json.JsonDocument.Parse(CompactAnswer);
        var without = "{" + string.Join(",", document.RootElement.EnumerateObject()
            .Where(p => p.Name != field)
            .Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}")) + "}";

        Assert.False(ModelEnrichmentParser.TryParse(without, out var result, out var error));
        Assert.Null(result);
        Assert.Equal($"{field}: is missing", error);
    }

    [Theory]
    [InlineData("""{"summary":"s","severity":"urgent","iocs":[],"techniques":[],"mitigations":[],"confidence":0.5}""", "severity:")]
    [InlineData("""{"summary":"s","severity":"low","iocs":[{"type":"ipv4","value":"1.2.3.4"},{"type":"hostname-secret","value":"x"}],"techniques":[],"mitigations":[],"confidence":0.5}""", "iocs[1].type:")]
    [InlineData("""{"summary":"s","severity":"low","iocs":[{"type":"ipv4","value":""}],"techniques":[],"mitigations":[],"confidence":0.5}""", "iocs[0].value:")]
    [InlineData("""{"summary":"s","severity":"low","iocs":[{"type":"ipv4","value":"1.2.3.4","events":[7]}],"techniques":[],"mitigations":[],"confidence":0.5}""", "iocs[0].events[0]:")]
    [InlineData("""{"summary":"s","severity":"low","iocs":{},"techniques":[],"mitigations":[],"confidence":0.5}""", "iocs:")]
    [InlineData("""{"summary":"s","severity":"low","iocs":[],"techniques":["T1059",5],"mitigations":[],"confidence":0.5}""", "techniques[1]:")]
    [InlineData("""{"summary":"s","severity":"low","iocs":[],"techniques":[],"mitigations":["AC-2"],"confidence":0.5}""", "mitigations[0]:")]
    [InlineData("""{"summary":"s","severity":"low","iocs":[],"techniques":[],"mitigations":[{"rationale":"r"}],"confidence":0.5}""", "mitigations[0].id:")]
    [InlineData("""{"summary":"s","severity":"low","iocs":[],"techniques":[],"mitigations":[],"confidence":1.5}""", "confidence:")]
    [InlineData("""{"summary":"s","severity":"low","iocs":[],"techniques":[],"mitigations":[],"confidence":"high"}""", "confidence:")]
    [InlineData("""{"summary":42,"severity":"low","iocs":[],"techniques":[],"mitigations":[],"confidence":0.5}""", "summary:")]
    public void A_field_with_the_wrong_shape_is_named_in_the_error(string json, string expectedPrefix)
    {
        Assert.False(ModelEnrichmentParser.TryParse(json, out _, out var error));
        Assert.StartsWith(expectedPrefix, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_never_repeat_the_content_of_the_answer()
    {
        const string secret = "hostname-of-the-victim";
        string[] answers =
        [
            $$"""{"summary":"s","severity":"{{secret}}","iocs":[],"techniques":[],"mitigations":[],"confidence":0.5}""",
            $$"""{"summary":"s","severity":"low","iocs":[{"type":"{{secret}}","value":"v"}],"techniques":[],"mitigations":[],"confidence":0.5}""",
            $$"""{"summary":"s","severity":"low","iocs":[],"techniques":[],"mitigations":[],"confidence":0.5,{{secret}}""",
            $$"""{{secret}}""",
        ];

        foreach (var answer in answers)
        {
            Assert.False(ModelEnrichmentParser.TryParse(answer, out _, out var error));
            Assert.DoesNotContain(secret, error, StringComparison.Ordinal);
            Assert.DoesNotContain("hostname", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("{\"summary\":\"s\"")]
    [InlineData("[1,2]")]
    [InlineData("{\"summary\":\"s\",}")]
    public void Empty_truncated_or_non_object_answers_are_rejected(string json)
    {
        Assert.False(ModelEnrichmentParser.TryParse(json, out var result, out var error));
        Assert.Null(result);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
