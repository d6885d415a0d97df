using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CartStorage.AspNetCore.Tests.CartApi;

/// <summary>
/// Several servers behind a load balancer: a guest cookie opens on every server that shares the Data Protection key
/// ring, on no server that does not (a new guest, never an error), and startup warns when a store shared by servers
/// meets the per-machine key ring.
/// </summary>
public sealed class KeyRingTests
{
    [Theory]
    [InlineData(CartBackend.Sqlite)]
    [InlineData(CartBackend.Redis)]
    public async Task Two_servers_with_one_key_ring_read_each_others_guest_cookies(CartBackend backend)
    {
        var keys = Path.Combine(Path.GetTempPath(), "cart-shared-keys-" + Guid.NewGuid().ToString("N"));
        var store = SharedStore(backend);
        await using var first = await CartApiHost.StartAsync(backend, settings: store, keyRing: keys);
        await using var second = await CartApiHost.StartAsync(backend, settings: store, keyRing: keys);
        using var shopper = first.Shopper();
        await shopper.AddAsync("a", 2);

        var read = await GetWithGuestCookieAsync(second, shopper.Cookie(".cart.guest")!);

        read.GetProperty("items")[0].GetProperty("quantity").GetInt32().Should().Be(2);
        second.Logs.Should().NotContain(l => l.Contains("key ring", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cookie_from_a_server_with_another_key_ring_is_a_new_guest()
    {
        var store = SharedStore(CartBackend.Sqlite);
        await using var first = await CartApiHost.StartAsync(CartBackend.Sqlite, settings: store);
        await using var other = await CartApiHost.StartAsync(CartBackend.Sqlite, settings: store);
        using var shopper = first.Shopper();
        await shopper.AddAsync("a", 2);

        var read = await GetWithGuestCookieAsync(other, shopper.Cookie(".cart.guest")!);

        read.GetProperty("version").GetInt64().Should().Be(0);
        (await shopper.QuantitiesAsync()).Should().Equal(new Dictionary<string, int> { ["a"] = 2 });
    }

    [Fact]
    public async Task Startup_warns_when_the_store_is_safe_across_servers_but_the_key_ring_is_the_machines()
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite, kestrel: false, keyRing: CartApiHost.MachineKeyRing);

        host.Logs.Should().ContainSingle(l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("key ring", StringComparison.Ordinal))
            .Which.Should().Contain("PersistKeysTo").And.Contain("SetApplicationName");
    }

    private static Dictionary<string, string?> SharedStore(CartBackend backend) => backend == CartBackend.Sqlite
        ? new() { ["Cart:Database:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"cart-shared-{Guid.NewGuid():N}.db")}" }
        : new() { ["Cart:KeyPrefix"] = "shared" + Guid.NewGuid().ToString("N")[..8] };

    private static async Task<JsonElement> GetWithGuestCookieAsync(CartApiHost host, string cookie)
    {
        using var browser = host.Shopper();
        var request = new HttpRequestMessage(HttpMethod.Get, "/cart");
        request.Headers.Add("Cookie", ".cart.guest=" + cookie);
        var response = await browser.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
