using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CartStorage;
using Microsoft.Extensions.DependencyInjection;

namespace Cart.Sample.Tests;

/// <summary>The backend of the sample is switched by configuration alone.</summary>
public sealed class DriverSwitchTests
{
    [Fact]
    public async Task Session_driver_keeps_the_cart_in_the_visitors_session()
    {
        await using var app = new SampleApp(new Dictionary<string, string?> { ["Cart:Driver"] = "Session" });
        using var visitor = app.CreateClient();
        using var stranger = app.CreateClient();

        await visitor.PostAsJsonAsync("/cart/items", new { id = "a", name = "A", price = 1.0 });
        await visitor.PostAsJsonAsync("/cart/items", new { id = "a", name = "A", price = 1.0 });

        app.Services.GetRequiredService<ICartStorage>().Capabilities.Backend.Should().Be("session");
        (await visitor.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("items")[0].GetProperty("quantity").GetInt32().Should().Be(2);
        (await stranger.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("version").GetInt64().Should().Be(0);
        (await visitor.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Session_driver_merges_the_guest_cart_at_login_within_the_visitors_session()
    {
        await using var app = new SampleApp(new Dictionary<string, string?> { ["Cart:Driver"] = "Session" });
        using var visitor = new Visitor(app);
        await visitor.AddAsync("a", 2);

        (await visitor.LoginAsync("alice")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await visitor.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 2 });
        (await visitor.CheckoutAsync(await visitor.ETagAsync())).StatusCode.Should().Be(HttpStatusCode.OK);
        (await visitor.CartAsync()).GetProperty("version").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Redis_cache_with_locking_is_chosen_by_configuration()
    {
        await using var app = new SampleApp(new Dictionary<string, string?>
        {
            ["Cart:Driver"] = "Cache",
            ["Cart:Cache:UseLocking"] = "true",
            ["Cart:Redis:Configuration"] = CartStorage.Testing.TestServers.RedisEndpoint,
            ["Cart:KeyPrefix"] = "sample" + Guid.NewGuid().ToString("N")[..8],
        });
        using var client = app.CreateClient();

        (await client.PostAsJsonAsync("/cart/items", new { id = "a", name = "A", price = 1.0 })).StatusCode.Should().Be(HttpStatusCode.OK);

        app.Services.GetRequiredService<Microsoft.Extensions.Caching.Distributed.IDistributedCache>().GetType().Name.Should().StartWith("RedisCache");
        app.Services.GetRequiredService<ICartStorage>().Capabilities.Should().Be(new CartStorageCapabilities("cache", SafeAcrossServers: true, StoreEnforcedVersionCheck: false, Locking: true));
        (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PostgreSql_is_chosen_by_configuration()
    {
        await using var app = new SampleApp(new Dictionary<string, string?>
        {
            ["Sample:Database"] = "PostgreSql",
            ["Cart:Database:ConnectionString"] = CartStorage.Testing.TestServers.PostgresConnectionString,
            ["Cart:Database:Table"] = "sample_" + Guid.NewGuid().ToString("N")[..8],
        });
        using var client = app.CreateClient();

        (await client.PostAsJsonAsync("/cart/items", new { id = "a", name = "A", price = 1.0 })).StatusCode.Should().Be(HttpStatusCode.OK);

        app.Services.GetRequiredService<ICartStorage>().Capabilities.StoreEnforcedVersionCheck.Should().BeTrue();
        (await client.GetFromJsonAsync<JsonElement>("/cart")).GetProperty("version").GetInt64().Should().Be(1);
        (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unreachable_backend_is_reported_by_health()
    {
        await using var app = new SampleApp(new Dictionary<string, string?>
        {
            ["Cart:Driver"] = "Cache",
            ["Cart:Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200,abortConnect=false",
        });
        using var client = app.CreateClient();

        var response = await client.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
    }
}
