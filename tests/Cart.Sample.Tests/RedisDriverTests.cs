using System.Net;
using CartStorage;
using CartStorage.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Cart.Sample.Tests;

/// <summary><c>CART_STORAGE_DRIVER=Redis</c> with <c>Cart__Redis__Configuration</c> runs the sample on RedisStorage.</summary>
public sealed class RedisDriverTests
{
    [Fact]
    public async Task Driver_Redis_runs_the_sample_on_RedisStorage()
    {
        await using var app = new SampleApp(new Dictionary<string, string?>
        {
            ["Cart:Driver"] = "Redis",
            ["Cart:Redis:Configuration"] = CartStorage.Testing.TestServers.RedisEndpoint,
            ["Cart:KeyPrefix"] = "sample" + Guid.NewGuid().ToString("N")[..8],
        });
        using var client = app.CreateClient();

        (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        var storage = app.Services.GetRequiredService<ICartStorage>();
        storage.Should().BeOfType<RedisStorage>();
        (await storage.AddItemAsync("u", "default", new CartItem { Id = "a", Quantity = 1 })).Version.Should().Be(1);
    }
}
