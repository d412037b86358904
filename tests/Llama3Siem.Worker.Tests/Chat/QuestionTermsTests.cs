using Llama3Siem.Worker.Chat;

namespace Llama3Siem.Worker.Tests.Chat;

/// <summary>Search terms from a question: indicators first, no question scaffolding, no query operators.</summary>
public sealed class QuestionTermsTests
{
    [Theory]
    [InlineData("Which hosts contacted update-cdn-check.xyz?", new[] { "update-cdn-check.xyz", "contacted", "hosts" })]
    [InlineData("What happened to 10.1.2.3 and j.doe during the incident?", new[] { "10.1.2.3", "j.doe" })]
    [InlineData("-lsass +dump |mimikatz~", new[] { "mimikatz", "lsass", "dump" })]
    [InlineData("Tell me about inc-0123456789abcdef01234567, please.", new string[0])]
    [InlineData("what is it?", new string[0])]
    public void Questions_become_the_informative_terms_most_specific_first(string question, string[] expected)
    {
        Assert.Equal(expected, QuestionTerms.From(question));
    }
}
