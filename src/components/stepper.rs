use leptos::prelude::*;

/// Where the holder is in a short flow: the steps by name, the current one marked.
#[component]
pub fn Stepper(#[prop(into)] steps: Signal<Vec<&'static str>>, #[prop(into)] current: Signal<usize>) -> impl IntoView {
    view! {
        <ol class="stepper" data-testid="stepper">
            {move || {
                let now = current.get();
                steps
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, label)| {
                        let state = if i < now { "done" } else if i == now { "current" } else { "todo" };
                        view! {
                            <li class=format!("step step-{state}") aria-current=(i == now).then_some("step")>
                                <span class="step-dot">{i + 1}</span>
                                <span class="step-label">{label}</span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}
