using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cart.Sample.Tests;

/// <summary>End-to-end HTTP tests of the caller's cart (<c>/cart</c>) on the sample's default configuration.</summary>
public sealed class CartApiTests : IAsyncLifetime
{
    private SampleApp app = null!;
    private Visitor visitor = null!;

    public Task InitializeAsync()
    {
        app = SampleAppSettings.Default();
        visitor = new Visitor(app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        visitor.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_visitor_without_a_cart_gets_an_empty_cart_and_no_cookie()
    {
        var response = await visitor.Client.GetAsync("/cart");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag!.Tag.Should().Be("\"0\"");
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
        var cart = await response.Content.ReadFromJsonAsync<JsonElement>();
        cart.GetProperty("items").GetArrayLength().Should().Be(0);
        cart.GetProperty("version").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task The_first_write_issues_a_protected_guest_cookie_and_no_identifier_is_ever_shown()
    {
        var response = await visitor.AddAsync("sku-1", 2);

        var cookie = response.Headers.GetValues("Set-Cookie").Should().ContainSingle(c => c.StartsWith(".cart.guest=", StringComparison.Ordinal)).Which;
        cookie.Should().Contain("httponly");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("guest:").And.NotContain("identifier");
        var value = cookie[".cart.guest=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
        body.Should().NotContain(value);
        value.Length.Should().BeGreaterThan(32, "the guest id is encrypted and signed, not the raw id");
    }

    [Fact]
    public async Task Adding_an_item_twice_increases_its_quantity_and_the_etag_follows_the_cart()
    {
        var first = await visitor.AddAsync("sku-1", 2);
        var response = await visitor.AddAsync("sku-1", 1);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag!.Tag.Should().NotBe(first.Headers.ETag!.Tag).And.NotBe("\"0\"");
        (await visitor.ETagAsync()).Should().Be(response.Headers.ETag!.Tag);
        var cart = await visitor.CartAsync();
        var item = cart.GetProperty("items").EnumerateArray().Should().ContainSingle().Which;
        item.GetProperty("id").GetString().Should().Be("sku-1");
        item.GetProperty("name").GetString().Should().Be("Item sku-1");
        item.GetProperty("price").GetDecimal().Should().Be(9.5m);
        item.GetProperty("quantity").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task An_item_with_only_an_id_is_enough()
    {
        var response = await visitor.Client.PostAsJsonAsync("/cart/items", new { id = "bare" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var item = (await visitor.CartAsync()).GetProperty("items")[0];
        (item.GetProperty("quantity").GetInt32(), item.GetProperty("price").GetDecimal(), item.GetProperty("name").GetString()).Should().Be((1, 0m, ""));
    }

    [Fact]
    public async Task Patch_sets_the_quantity_and_zero_or_delete_removes_the_item()
    {
        await visitor.AddAsync("a", 1);
        await visitor.AddAsync("b", 1);

        (await visitor.Client.PatchAsJsonAsync("/cart/items/a", new { quantity = 7 })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await visitor.Client.PatchAsJsonAsync("/cart/items/b", new { quantity = 0 })).StatusCode.Should().Be(HttpStatusCode.OK);
        var items = (await visitor.CartAsync()).GetProperty("items").EnumerateArray().ToList();
        items.Should().ContainSingle().Which.GetProperty("quantity").GetInt32().Should().Be(7);

        (await visitor.Client.DeleteAsync("/cart/items/a")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await visitor.CartAsync()).GetProperty("items").GetArrayLength().Should().Be(0);
        (await visitor.Client.DeleteAsync("/cart/items/nope")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await visitor.Client.PatchAsJsonAsync("/cart/items/nope", new { quantity = 1 })).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Conditions_and_metadata_are_stored()
    {
        (await visitor.Client.PutAsJsonAsync("/cart/conditions", new[] { new { name = "Shipping", type = "shipping", target = "subtotal", value = "+5.00" } }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await visitor.Client.PutAsJsonAsync("/cart/metadata/coupon", "SAVE10")).StatusCode.Should().Be(HttpStatusCode.OK);

        var cart = await visitor.CartAsync();

        cart.GetProperty("conditions")[0].GetProperty("value").GetString().Should().Be("+5.00");
        cart.GetProperty("metadata").GetProperty("coupon").GetString().Should().Be("SAVE10");
    }

    [Fact]
    public async Task Instances_are_separate_carts_of_the_same_caller()
    {
        await visitor.AddAsync("a", 1);
        (await visitor.Client.PostAsJsonAsync("/cart/items?instance=wishlist", new { id = "w" })).StatusCode.Should().Be(HttpStatusCode.OK);

        (await visitor.CartAsync()).GetProperty("items")[0].GetProperty("id").GetString().Should().Be("a");
        var wishlist = await visitor.CartAsync("wishlist");
        wishlist.GetProperty("instance").GetString().Should().Be("wishlist");
        wishlist.GetProperty("items")[0].GetProperty("id").GetString().Should().Be("w");
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"name\":\"A\",\"price\":-1}", "price")]
    [InlineData("{\"id\":\"a\",\"name\":\"A\",\"price\":1,\"quantity\":0}", "quantity")]
    [InlineData("{\"id\":\"a\",\"name\":\"A\",\"price\":1,\"quantity\":100000}", "Cart:Limits:MaxItemQuantity")]
    [InlineData("{\"id\":\"\",\"name\":\"A\",\"price\":1}", "id")]
    public async Task Invalid_input_is_a_400_problem_naming_the_field_and_writes_nothing(string body, string field)
    {
        var response = await visitor.Client.PostAsync("/cart/items", new StringContent(body, MediaTypeHeaderValue.Parse("application/json")));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Contain("json");
        (await response.Content.ReadAsStringAsync()).Should().Contain(field);
        (await visitor.CartAsync()).GetProperty("version").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task A_foreign_if_match_is_412_and_a_negative_quantity_is_a_400_naming_it()
    {
        await visitor.AddAsync("a", 1);

        var foreignIfMatch = await visitor.SendAsync(HttpMethod.Post, "/cart/items", "{\"id\":\"b\"}", "\"1\"");
        var negative = await visitor.Client.PatchAsJsonAsync("/cart/items/a", new { quantity = -1 });

        foreignIfMatch.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed, "an ETag the cart never had names no cart");
        negative.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await negative.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString().Should().Be("quantity");
        (await visitor.CartAsync()).GetProperty("version").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_adds_of_one_item_are_all_counted()
    {
        await visitor.AddAsync("hot", 1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 19).Select(_ => visitor.AddAsync("hot", 1)));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        (await visitor.CartAsync()).GetProperty("items").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("quantity").GetInt32().Should().Be(20);
    }

    [Fact]
    public async Task Health_reports_the_backend_reachable()
    {
        var response = await visitor.Client.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task The_old_routes_that_took_the_owner_from_the_url_are_gone()
    {
        await visitor.AddAsync("a", 1);

        (await visitor.Client.GetAsync("/carts/someone/default")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await visitor.Client.DeleteAsync("/carts/someone/default")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await visitor.Client.PostAsync("/carts/a/swap/b", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
