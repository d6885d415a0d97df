using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cart.Sample.Tests;

/// <summary>End-to-end HTTP tests of the sample API on its default configuration.</summary>
public sealed class CartApiTests : IAsyncLifetime
{
    private readonly string user = "user-" + Guid.NewGuid().ToString("N")[..8];
    private SampleApp app = null!;
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        app = SampleAppSettings.Default();
        client = app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Adding_an_item_twice_increases_its_quantity_and_the_etag_follows_the_version()
    {
        await AddAsync("sku-1", 2);
        var response = await AddAsync("sku-1", 1);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag!.Tag.Should().Be("\"2\"");
        var cart = await CartAsync();
        cart.GetProperty("items").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("quantity").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Get_returns_the_cart_with_its_version_as_etag()
    {
        (await client.GetAsync($"/carts/{user}/default")).Headers.ETag!.Tag.Should().Be("\"0\"");
        await AddAsync("a", 1);

        var response = await client.GetAsync($"/carts/{user}/default");

        response.Headers.ETag!.Tag.Should().Be("\"1\"");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task Patch_sets_the_quantity_and_zero_or_delete_removes_the_item()
    {
        await AddAsync("a", 1);
        await AddAsync("b", 1);

        (await client.PatchAsJsonAsync($"/carts/{user}/default/items/a", new { quantity = 7 })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PatchAsJsonAsync($"/carts/{user}/default/items/b", new { quantity = 0 })).StatusCode.Should().Be(HttpStatusCode.OK);
        var items = (await CartAsync()).GetProperty("items").EnumerateArray().ToList();
        items.Should().ContainSingle().Which.GetProperty("quantity").GetInt32().Should().Be(7);

        (await client.DeleteAsync($"/carts/{user}/default/items/a")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await CartAsync()).GetProperty("items").GetArrayLength().Should().Be(0);
        (await client.DeleteAsync($"/carts/{user}/default/items/nope")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Conditions_and_metadata_are_stored()
    {
        await client.PutAsJsonAsync($"/carts/{user}/default/conditions", new[] { new { name = "Shipping", type = "shipping", target = "subtotal", value = "+5.00" } });
        await client.PutAsJsonAsync($"/carts/{user}/default/metadata/coupon", "SAVE10");

        var cart = await CartAsync();

        cart.GetProperty("conditions")[0].GetProperty("value").GetString().Should().Be("+5.00");
        cart.GetProperty("metadata").GetProperty("coupon").GetString().Should().Be("SAVE10");
    }

    [Fact]
    public async Task If_match_with_the_current_version_writes_and_with_an_old_one_is_412()
    {
        await AddAsync("a", 1);

        var current = await SendAsync(HttpMethod.Post, $"/carts/{user}/default/items", new { id = "b", name = "B", price = 1.0 }, "\"1\"");
        var stale = await SendAsync(HttpMethod.Post, $"/carts/{user}/default/items", new { id = "c", name = "C", price = 1.0 }, "\"1\"");

        current.StatusCode.Should().Be(HttpStatusCode.OK);
        current.Headers.ETag!.Tag.Should().Be("\"2\"");
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await CartAsync()).GetProperty("items").GetArrayLength().Should().Be(2);
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"name\":\"A\",\"price\":-1}", "Price")]
    [InlineData("{\"id\":\"a\",\"name\":\"A\",\"price\":1,\"quantity\":0}", "Quantity")]
    [InlineData("{\"id\":\"a\",\"name\":\"A\",\"price\":1,\"quantity\":100000}", "Cart:Limits:MaxItemQuantity")]
    [InlineData("{\"id\":\"\",\"name\":\"A\",\"price\":1}", "Id")]
    public async Task Invalid_input_is_a_400_problem_naming_the_field_and_writes_nothing(string body, string field)
    {
        var response = await client.PostAsync($"/carts/{user}/default/items", new StringContent(body, MediaTypeHeaderValue.Parse("application/json")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Contain("json");
        (await response.Content.ReadAsStringAsync()).Should().Contain(field);
        (await CartAsync()).GetProperty("version").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Swap_moves_the_guest_cart_to_the_user()
    {
        var guest = "guest-" + Guid.NewGuid().ToString("N")[..8];
        await client.PostAsJsonAsync($"/carts/{guest}/default/items", new { id = "a", name = "A", price = 2.5 });

        var response = await client.PostAsync($"/carts/{guest}/swap/{user}?instance=default", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await CartAsync()).GetProperty("items").GetArrayLength().Should().Be(1);
        (await client.GetFromJsonAsync<JsonElement>($"/carts/{guest}/default")).GetProperty("version").GetInt64().Should().Be(0);
        (await client.PostAsync($"/carts/{guest}/swap/{user}?instance=default", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_forgets_the_cart()
    {
        await AddAsync("a", 1);

        (await client.DeleteAsync($"/carts/{user}/default")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await CartAsync()).GetProperty("version").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Concurrent_adds_of_one_item_are_all_counted()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => AddAsync("hot", 1)));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        (await CartAsync()).GetProperty("items").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("quantity").GetInt32().Should().Be(20);
    }

    [Fact]
    public async Task Health_reports_the_backend_reachable()
    {
        var response = await client.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    private Task<HttpResponseMessage> AddAsync(string id, int quantity) =>
        client.PostAsJsonAsync($"/carts/{user}/default/items", new { id, name = "Item " + id, price = 9.5, quantity });

    private async Task<JsonElement> CartAsync() => await client.GetFromJsonAsync<JsonElement>($"/carts/{user}/default");

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
