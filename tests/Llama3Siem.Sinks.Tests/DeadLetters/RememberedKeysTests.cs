using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Sinks.Tests.DeadLetters;

public sealed class RememberedKeysTests
{
    [Fact]
    public void Past_its_capacity_the_oldest_key_is_forgotten()
    {
        var keys = new RememberedKeys(capacity: 3);

        foreach (var key in new[] { "t/0/1", "t/0/2", "t/0/3", "t/0/2", "t/0/4" })
        {
            keys.Add(key);
        }

        Assert.Equal(3, keys.Count);
        Assert.False(keys.Contains("t/0/1"));
        Assert.True(keys.Contains("t/0/2"));
        Assert.True(keys.Contains("t/0/4"));
    }
}
