/// The inspector's pages as Mustache templates (swift-mustache): a layout and one template a page.
/// `{{name}}` escapes for HTML (`&`, `<`, `>`, `"`, `'`), so nothing a payload holds becomes markup;
/// no template uses `{{{ }}}`, and no value from a delivery is ever put in an `href` or a `src`.
/// Kept in the binary, not beside it: `airscript` is one file to copy.
enum InspectorTemplates {
    static let all: [String: String] = [
        "layout": layout, "deliveries": deliveries, "rows": rows, "delivery": delivery, "journey": journey, "replayed": replayed,
    ]

    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · airscript inspector</title>
        <link rel="stylesheet" href="/_airscript/inspector.css">
        </head>
        <body>
        <header class="site"><a href="/_airscript/">airscript inspector</a><span class="mode">{{mode}}</span></header>
        <main id="main">
        {{$content}}{{/content}}
        </main>
        </body>
        </html>
        """

    static let deliveries = """
        {{<layout}}{{$content}}
        <h1>Deliveries</h1>
        <form class="filters" method="get" action="/_airscript/" aria-label="Filter deliveries">
          <label>Mapping <select name="mapping"><option value="">all</option>{{#mappings}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/mappings}}</select></label>
          <label>Outcome <select name="outcome"><option value="">all</option>{{#outcomes}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/outcomes}}</select></label>
          <label>Status <input name="status" inputmode="numeric" size="4" value="{{status}}"></label>
          <button type="submit">Filter</button>
        </form>
        <p class="hint" id="live-note">Newest first{{#capped}}; the latest {{limit}} deliveries{{/capped}}. <noscript>Reload the page to see new deliveries.</noscript></p>
        <div class="table-scroll" role="region" aria-label="Deliveries" tabindex="0">
        <table class="deliveries">
          <caption class="visually-hidden">Deliveries, newest first</caption>
          <thead><tr><th scope="col">Time</th><th scope="col">Mapping</th><th scope="col">Route</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Journey</th><th scope="col">Duration</th><th scope="col">Duplicate</th><th scope="col">Key</th></tr></thead>
          <tbody id="rows" data-source="/_airscript/rows?{{query}}">{{>rows}}</tbody>
        </table>
        </div>
        <script src="/_airscript/inspector.js" defer></script>
        {{/content}}{{/layout}}
        """

    static let rows = """
        {{#rows}}<tr class="outcome-{{outcome}}">
        <td><time datetime="{{isoTime}}">{{time}}</time></td>
        <td>{{mapping}}</td>
        <td><code>{{method}} {{route}}</code></td>
        <td>{{status}}</td>
        <td><span class="badge {{outcome}}">{{outcome}}</span></td>
        <td>{{#journey}}<a href="/_airscript/journeys/{{journeyPath}}">{{journey}}</a>{{/journey}}</td>
        <td>{{duration}}</td>
        <td>{{#duplicateOf}}<a href="/_airscript/deliveries/{{originalPath}}" title="answered from {{duplicateOf}}">yes</a>{{/duplicateOf}}{{^duplicateOf}}no{{/duplicateOf}}</td>
        <td><a href="/_airscript/deliveries/{{deliveryPath}}">{{key}}</a></td>
        </tr>{{/rows}}{{^rows}}<tr><td colspan="9">No deliveries yet.</td></tr>{{/rows}}
        """

    static let delivery = """
        {{<layout}}{{$content}}
        <p><a href="/_airscript/">← All deliveries</a></p>
        <h1>Delivery <code>{{key}}</code></h1>
        <dl class="facts">
          <dt>Mapping</dt><dd>{{mapping}}</dd>
          <dt>Outcome</dt><dd><span class="badge {{outcome}}">{{outcome}}</span></dd>
          <dt>Status</dt><dd>{{status}}</dd>
          <dt>Received</dt><dd><time datetime="{{isoTime}}">{{time}}</time></dd>
          {{#journey}}<dt>Journey</dt><dd><a href="/_airscript/journeys/{{journeyPath}}">{{journey}}</a></dd>{{/journey}}
          {{#replay}}<dt>Replay</dt><dd>{{replay}}</dd>{{/replay}}
          {{#duplicateOf}}<dt>Duplicate of</dt><dd><a href="/_airscript/deliveries/{{originalPath}}">{{duplicateOf}}</a> (answered from it; nothing was mapped)</dd>{{/duplicateOf}}
        </dl>
        <section aria-labelledby="request-heading">
          <h2 id="request-heading">Request</h2>
          {{#request}}
          <p><code>{{method}} {{path}}{{#query}}?{{query}}{{/query}}</code> · request id <code>{{requestId}}</code></p>
          <table class="headers"><caption>Headers (credentials and signatures hidden)</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
            <tbody>{{#headers}}<tr><th scope="row">{{name}}</th><td>{{value}}</td></tr>{{/headers}}</tbody>
          </table>
          {{#body}}<h3>Body</h3><pre class="body">{{body}}</pre>{{/body}}
          {{^body}}<p class="hint">The body was not captured (start the server with <code>--capture</code> to keep bodies and slot values).</p>{{/body}}
          {{/request}}
          {{^request}}<p class="hint">No request was kept for this delivery (the inspector was off when it arrived, or it came from <code>map</code>).</p>{{/request}}
        </section>
        <section aria-labelledby="slots-heading">
          <h2 id="slots-heading">Slots</h2>
          {{#slots}}<h3>{{name}}</h3><pre>{{value}}</pre>{{/slots}}
          {{^slots}}<p class="hint">No slot values were kept.</p>{{/slots}}
        </section>
        <section aria-labelledby="diagnostics-heading">
          <h2 id="diagnostics-heading">Diagnostics</h2>
          {{#diagnostics}}
          <div class="diagnostic {{severity}}">
            <p><strong>{{severity}}[{{code}}]</strong> {{message}}{{#slot}} <span class="slot">({{slot}})</span>{{/slot}}</p>
            {{#excerpt}}<pre class="source" aria-label="{{file}} around line {{line}}">{{#lines}}<span class="line{{#marked}} has-mark{{/marked}}"><span class="number" aria-hidden="true">{{number}}</span>{{before}}{{#marked}}<mark>{{marked}}</mark>{{/marked}}{{after}}</span>{{/lines}}</pre>{{/excerpt}}
          </div>
          {{/diagnostics}}
          {{^diagnostics}}<p class="hint">None.</p>{{/diagnostics}}
        </section>
        <section aria-labelledby="response-heading">
          <h2 id="response-heading">Response</h2>
          {{#response}}<pre>{{response}}</pre>{{/response}}{{^response}}<p class="hint">No response: the mapping failed (the caller got a problem response).</p>{{/response}}
        </section>
        {{#replayable}}
        <section aria-labelledby="replay-heading">
          <h2 id="replay-heading">Replay</h2>
          <p>Run this delivery again through the mapping as it is now (after a fix and a reload). No signature is checked and no delivery key deduplicates it.</p>
          <form method="post" action="/_airscript/deliveries/{{deliveryPath}}/replay">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <fieldset><legend>Against</legend>
              <label><input type="radio" name="mode" value="dry-run" checked> a dry run (nothing is committed)</label>
              <label><input type="radio" name="mode" value="live"> the live store</label>
            </fieldset>
            <button type="submit" id="replay">Replay</button>
          </form>
        </section>
        {{/replayable}}
        {{/content}}{{/layout}}
        """

    static let replayed = """
        {{<layout}}{{$content}}
        <p><a href="/_airscript/deliveries/{{deliveryPath}}">← The delivery replayed</a></p>
        <h1>Dry run of <code>{{key}}</code></h1>
        <p>Outcome <span class="badge {{outcome}}">{{outcome}}</span>, status {{status}}. Nothing was committed.</p>
        {{#diagnostics}}<p class="diagnostic {{severity}}"><strong>{{severity}}[{{code}}]</strong> {{message}}</p>{{/diagnostics}}
        <h2>Response</h2>
        <pre>{{output}}</pre>
        {{/content}}{{/layout}}
        """

    static let journey = """
        {{<layout}}{{$content}}
        <p><a href="/_airscript/">← All deliveries</a></p>
        <h1>Journey <code>{{id}}</code></h1>
        <dl class="facts">
          <dt>Identifier</dt><dd>{{identifier}}</dd>
          <dt>Status</dt><dd>{{status}}</dd>
          <dt>Mapping</dt><dd>{{mapping}}</dd>
          <dt>Created</dt><dd>{{created}}</dd>
          {{#ended}}<dt>Ended</dt><dd>{{ended}} ({{reason}})</dd>{{/ended}}
        </dl>
        <h2>Events</h2>
        {{#hasEvents}}
        <table class="events"><caption class="visually-hidden">Events in order</caption>
          <thead><tr><th scope="col">#</th><th scope="col">Kind</th><th scope="col">Time</th><th scope="col">Delivery</th><th scope="col">Data</th></tr></thead>
          <tbody>{{#events}}<tr><td>{{sequence}}</td><td>{{kind}}</td><td>{{time}}</td><td>{{deliveryKey}}</td><td><pre>{{data}}</pre></td></tr>{{/events}}</tbody>
        </table>
        {{/hasEvents}}
        {{^events}}<p class="hint">No events are kept{{#counted}} ({{counted}} delivered; the memory store counts events and keeps none){{/counted}}.</p>{{/events}}
        {{/content}}{{/layout}}
        """
}
