using System.ComponentModel.DataAnnotations;
using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Configuration;

namespace Llama3Siem.Worker.Tests.Inference;

public sealed class LlamaOptionsTests
{
    [Fact]
    public void Defaults_follow_the_documented_values()
    {
        var options = new LlamaOptions();

        Assert.True(string.IsNullOrEmpty(options.ModelPath));
        Assert.Equal((4096, 0, 512, 0, false), (options.ContextSize, options.Threads, options.BatchSize, options.GpuLayers, options.FlashAttention));
        Assert.Equal(new SamplingSettings(0.7f, 0.9f, 512, 42), options.ToSamplingSettings());
        Assert.Equal(Environment.ProcessorCount, options.EffectiveThreads);
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void Options_bind_from_the_llama_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llama:ModelPath"] = "/models/llama.gguf",
            ["Llama:ContextSize"] = "8192",
            ["Llama:Threads"] = "6",
            ["Llama:FlashAttention"] = "true",
            ["Llama:Temperature"] = "0.2",
            ["Llama:Seed"] = "7",
        }).Build();

        var options = configuration.GetSection(LlamaOptions.SectionName).Get<LlamaOptions>()!;

        Assert.Equal(("/models/llama.gguf", 8192, 6, true, 0.2f, 7u), (options.ModelPath, options.ContextSize, options.EffectiveThreads, options.FlashAttention, options.Temperature, options.Seed));
    }

    [Theory]
    [InlineData(nameof(LlamaOptions.ContextSize), 256)]
    [InlineData(nameof(LlamaOptions.ContextSize), 200000)]
    [InlineData(nameof(LlamaOptions.MaxTokens), 0)]
    [InlineData(nameof(LlamaOptions.MaxTokens), 5000)]
    [InlineData(nameof(LlamaOptions.Temperature), 2.5)]
    [InlineData(nameof(LlamaOptions.TopP), 1.5)]
    [InlineData(nameof(LlamaOptions.Threads), -1)]
    public void Out_of_range_values_fail_validation_naming_the_setting(string property, double value)
    {
        var options = new LlamaOptions();
        var info = typeof(LlamaOptions).GetProperty(property)!;
        info.SetValue(options, Convert.ChangeType(value, info.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var results = Validate(options);

        Assert.Contains(results, r => r.MemberNames.Contains(property));
    }

    private static List<ValidationResult> Validate(LlamaOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
