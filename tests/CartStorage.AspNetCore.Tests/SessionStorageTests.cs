using CartStorage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CartStorage.AspNetCore.Tests;

/// <summary>Session-only behaviour: cookies, isolation, the application's own session values, keys, registration.</summary>
public sealed class SessionStorageTests(SessionHost host) : IClassFixture<SessionHost>
{
    private const string Default = "default";

    private ICartStorage Storage => host.Services.GetRequiredService<ICartStorage>();

    [Fact]
    public void AddSession_registers_SessionStorage_as_the_Session_driver()
    {
        Storage.Should().BeOfType<SessionStorage>();
        Storage.Capabilities.SafeAcrossServers.Should().BeFalse();
        host.Services.GetService<IHttpContextAccessor>().Should().NotBeNull();
    }

    [Fact]
    public async Task A_cart_survives_across_requests_of_one_client_through_its_session_cookie()
    {
        using var client = host.CreateClient();
        client.SessionCookie.Should().BeNull();

        await client.RunAsync(_ => Storage.PutItemsAsync("guest", Default, [CartData.Item("a")]));
        client.SessionCookie.Should().NotBeNull("the first write establishes the session");
        await client.RunAsync(_ => Storage.UpdateAsync("guest", Default, cart => cart with { Items = [.. cart.Items, CartData.Item("b")] }));

        var cart = await client.RunAsync(_ => Storage.GetAsync("guest", Default));
        cart!.Items.Select(i => i.Id).Should().Equal("a", "b");
        cart.Version.Should().Be(2);
    }

    [Fact]
    public async Task Two_clients_have_separate_carts_under_the_same_identifier_and_instance()
    {
        using var alice = host.CreateClient();
        using var bob = host.CreateClient();

        await alice.RunAsync(_ => Storage.PutItemsAsync("guest", Default, [CartData.Item("alice")]));
        (await bob.RunAsync(_ => Storage.GetAsync("guest", Default))).Should().BeNull();
        await bob.RunAsync(_ => Storage.PutItemsAsync("guest", Default, [CartData.Item("bob")]));
        await bob.RunAsync(_ => Storage.FlushAsync());

        (await alice.RunAsync(_ => Storage.GetItemsAsync("guest", Default))).Select(i => i.Id).Should().Equal("alice");
        (await alice.RunAsync(_ => Storage.GetInstancesAsync("guest"))).Should().Equal(Default);
        (await bob.RunAsync(_ => Storage.HasAsync("guest", Default))).Should().BeFalse();
    }

    [Fact]
    public async Task Forget_ForgetIdentifier_and_Flush_leave_the_applications_session_values_alone()
    {
        using var client = host.CreateClient();
        string[] appKeys = ["theme", "cart", "cart:", "cart:x", "cartc:u:default", "cart-i:u"];
        await client.RunAsync(context =>
        {
            foreach (var key in appKeys)
            {
                context.Session.SetString(key, "app value of " + key);
            }

            return Task.CompletedTask;
        });
        await client.RunAsync(_ => Storage.PutItemsAsync("u", Default, [CartData.Item("a")]));
        await client.RunAsync(_ => Storage.PutItemsAsync("u", "wishlist", [CartData.Item("w")]));
        await client.RunAsync(_ => Storage.PutItemsAsync("v", Default, [CartData.Item("v")]));

        await client.RunAsync(_ => Storage.ForgetAsync("u", "wishlist"));
        await client.RunAsync(_ => Storage.ForgetIdentifierAsync("u"));
        (await client.RunAsync(_ => Storage.HasAsync("v", Default))).Should().BeTrue("ForgetIdentifier removes only that identifier's carts");
        await client.RunAsync(_ => Storage.FlushAsync());

        var keys = await client.RunAsync(context => Task.FromResult(context.Session.Keys.ToList()));
        keys.Should().BeEquivalentTo(appKeys, "only the storage's own entries are removed");
        foreach (var key in appKeys)
        {
            (await client.RunAsync(context => Task.FromResult(context.Session.GetString(key)))).Should().Be("app value of " + key);
        }
    }

    [Fact]
    public async Task A_cart_is_one_session_entry_under_an_encoded_key_plus_the_identifiers_instance_index()
    {
        using var client = host.CreateClient();
        await client.RunAsync(_ => Storage.PutItemsAsync("user:1", "wish list", [CartData.Item("a")]));

        var keys = await client.RunAsync(context => Task.FromResult(context.Session.Keys.ToList()));

        keys.Should().BeEquivalentTo("cart:c:user%3A1:wish%20list", "cart:i:user%3A1");
        var stored = await client.RunAsync(context => Task.FromResult(context.Session.GetString("cart:c:user%3A1:wish%20list")));
        stored.Should().Contain("\"format\":1").And.Contain("\"version\":1").And.Contain("\"items\":[{");
    }

    [Fact]
    public async Task Within_one_request_versions_and_SaveAsync_behave_as_on_the_other_backends()
    {
        using var client = host.CreateClient();

        var conflict = await client.RunAsync(async _ =>
        {
            var first = await Storage.SaveAsync("u", Default, CartSnapshot.Empty with { Items = [CartData.Item("a")] });
            var second = await Storage.SaveAsync("u", Default, first with { Items = [CartData.Item("b")] });
            second.Version.Should().Be(2);
            (await Storage.GetVersionAsync("u", Default)).Should().Be(2);
            return await FluentActions.Awaiting(() => Storage.SaveAsync("u", Default, first)).Should().ThrowAsync<CartConflictException>();
        });

        conflict.Which.ActualVersion.Should().Be(2);
        (await client.RunAsync(_ => Storage.GetItemsAsync("u", Default))).Select(i => i.Id).Should().Equal("b");
    }
}
